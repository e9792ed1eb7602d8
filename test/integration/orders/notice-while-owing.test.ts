import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { userBalances } from '../../../src/ledger/ledger.repository.js'
import { creditOrders, type CreditDeps } from '../../../src/orders/credit-order.service.js'
import { syncOrders } from '../../../src/orders/order-sync.service.js'
import type { CreditRequest } from '../../../src/orders/credit-request.js'
import { newUser, platformOrder, recordedNotices, ScriptedFeed, syncAndCredit, withdrawForTest } from '../../support/order-factory.js'
import { availableBackends, openPrivateDatabase } from '../../support/test-databases.js'

const at = (secondsAgo: number): Date => new Date(Date.now() - secondsAgo * 1000)

describe.each(availableBackends())('notices while a balance is negative, on %s', (backend) => {
  let handle: DatabaseHandle
  let credit: CreditDeps
  beforeAll(async () => {
    // notice_outbox is global to a database and the test reads it whole: a database of our own.
    handle = await openPrivateDatabase(backend)
    credit = { db: handle.db, userShareBp: 6000, attributionWindowMs: 3_600_000 }
  })
  afterAll(async () => {
    await handle.close()
  })

  /** Syncs the feed and credits everything it stored in one batch (one transaction), as one credit job does. */
  async function syncAndCreditAsOneBatch(feed: ScriptedFeed): Promise<void> {
    const requests: CreditRequest[] = []
    await syncOrders({
      db: handle.db,
      feed,
      now: () => new Date(Date.now() + 1000),
      overlapMs: 24 * 3_600_000,
      initialLookbackMs: 24 * 3_600_000,
      maxWindowsPerRun: 100,
      enqueueCredit: async (batch) => void requests.push(...batch),
    })
    await creditOrders(credit, requests.map((r) => r.orderRowId))
  }

  it('a rebate credited while owing says what it paid off and what is still owed, per order of the batch', async () => {
    const buyer = await newUser(handle.db)
    const feed = new ScriptedFeed()
    const refunded = platformOrder({ attributionId: buyer.attribution_id, estimatedCommissionFen: 1000, paidAt: at(900) })
    feed.rows = [{ ...refunded, status: 'settled', settledCommissionFen: 1000, settledAt: at(800), updatedAt: at(800) }]
    await syncAndCredit(handle.db, feed, credit)
    // The buyer took their 6.00 out; then the platform refunded the order: 6.00 owed.
    await withdrawForTest(handle.db, buyer, 600)
    feed.rows = [{ ...refunded, status: 'refunded', settledCommissionFen: 0, settledAt: at(800), updatedAt: at(700) }]
    await syncAndCredit(handle.db, feed, credit)
    expect((await userBalances(handle.db, buyer.id)).availableFen).toBe(-600)
    await handle.db.deleteFrom('notice_outbox').execute()

    // Two orders settle in one credit batch: 2.40 pays part of the debt, then 6.00 clears it and leaves 2.40.
    const small = platformOrder({ attributionId: buyer.attribution_id, estimatedCommissionFen: 400, itemTitle: '小物', paidAt: at(600) })
    const big = platformOrder({ attributionId: buyer.attribution_id, estimatedCommissionFen: 1000, itemTitle: '大件', paidAt: at(600) })
    feed.rows = [small, big].map((o) => ({ ...o, status: 'settled' as const, settledCommissionFen: o.estimatedCommissionFen, settledAt: at(500), updatedAt: at(500) }))
    await syncAndCreditAsOneBatch(feed)

    expect((await userBalances(handle.db, buyer.id)).availableFen).toBe(240)
    const texts = (await recordedNotices(handle.db)).filter((n) => n.contactId === buyer.contact_id).map((n) => n.text)
    expect(texts).toEqual([
      `订单已结算：「小物」返利¥2.40已到账，已抵扣欠款¥2.40，仍欠¥3.60（之后的返利会继续自动抵扣）。订单号 ${small.orderId}`,
      `订单已结算：「大件」返利¥6.00已到账，其中¥3.60抵扣欠款，欠款已还清，¥2.40已转为可提现余额。订单号 ${big.orderId}`,
    ])
  })

  it('a clawback that leaves a debt says what is owed', async () => {
    const buyer = await newUser(handle.db)
    const feed = new ScriptedFeed()
    const order = platformOrder({ attributionId: buyer.attribution_id, estimatedCommissionFen: 1000, itemTitle: '耳机', paidAt: at(900) })
    feed.rows = [{ ...order, status: 'settled', settledCommissionFen: 1000, settledAt: at(800), updatedAt: at(800) }]
    await syncAndCredit(handle.db, feed, credit)
    await withdrawForTest(handle.db, buyer, 500)
    await handle.db.deleteFrom('notice_outbox').execute()
    feed.rows = [{ ...order, status: 'refunded', settledCommissionFen: 0, settledAt: at(800), updatedAt: at(700) }]
    await syncAndCredit(handle.db, feed, credit)
    expect((await recordedNotices(handle.db)).map((n) => n.text)).toEqual([
      `订单「耳机」已退款，返利¥6.00已扣回，可提现余额不足，仍欠¥5.00（会从之后的返利里自动抵扣）。订单号 ${order.orderId}`,
    ])
  })
})
