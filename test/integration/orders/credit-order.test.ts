import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { appendTransaction, userBalances } from '../../../src/ledger/ledger.repository.js'
import { creditOrder, type CreditDeps } from '../../../src/orders/credit-order.service.js'
import { syncOrders } from '../../../src/orders/order-sync.service.js'
import type { PlatformOrder } from '../../../src/platforms/order-feed.js'
import { givePromoLink, newUser, platformOrder, ScriptedFeed, syncAndCredit, withdrawForTest } from '../../support/order-factory.js'
import { availableBackends, openTestDatabase } from '../../support/test-databases.js'

describe.each(availableBackends())('orders and the ledger on %s', (backend) => {
  let handle: DatabaseHandle
  let credit: CreditDeps
  beforeAll(async () => {
    handle = await openTestDatabase(backend)
    credit = { db: handle.db, userShareBp: 6000, attributionWindowMs: 3_600_000 }
  })
  afterAll(async () => {
    await handle.close()
  })

  const at = (secondsAgo: number): Date => new Date(Date.now() - secondsAgo * 1000)

  async function ledgerOf(subOrderId: string) {
    return handle.db
      .selectFrom('ledger_transactions as t')
      .innerJoin('orders as o', 'o.id', 't.order_row_id')
      .select(['t.idempotency_key', 't.kind'])
      .where('o.sub_order_id', '=', subOrderId)
      .orderBy('t.id')
      .execute()
  }

  it('the same order delivered 5 times in different statuses yields exactly the right entries', async () => {
    const buyer = await newUser(handle.db)
    const feed = new ScriptedFeed()
    const base = platformOrder({ attributionId: buyer.attribution_id, estimatedCommissionFen: 1000, paidAt: at(600) })
    const deliveries: PlatformOrder[] = [
      { ...base, updatedAt: at(500) },
      { ...base, updatedAt: at(400) },
      { ...base, status: 'received', receivedAt: at(300), updatedAt: at(300) },
      { ...base, status: 'settled', receivedAt: at(300), settledAt: at(200), settledCommissionFen: 900, updatedAt: at(200) },
      { ...base, status: 'paid', updatedAt: at(100) },
    ]
    for (const delivery of deliveries) {
      feed.rows = [delivery]
      await syncAndCredit(handle.db, feed, credit)
    }
    const entries = await ledgerOf(base.subOrderId)
    expect(entries.map((e) => e.kind)).toEqual(['buyer:pending', 'buyer:settle'])
    expect(entries.map((e) => e.idempotency_key)).toEqual([
      `jd:${base.subOrderId}:${buyer.id}:buyer:pending:1`,
      `jd:${base.subOrderId}:${buyer.id}:buyer:settle:2`,
    ])
    expect(await userBalances(handle.db, buyer.id)).toEqual({ pendingFen: 0, availableFen: 540, heldFen: 0, withdrawnFen: 0 })
    const order = await handle.db.selectFrom('orders').selectAll().where('sub_order_id', '=', base.subOrderId).executeTakeFirstOrThrow()
    expect(order).toMatchObject({ status: 'settled', attribution: 'platform_id', user_id: buyer.id })
  })

  it('credits from the platform-reported commission, never the price', async () => {
    const buyer = await newUser(handle.db)
    const feed = new ScriptedFeed()
    feed.rows = [platformOrder({ attributionId: buyer.attribution_id, paidFen: 99_900, estimatedCommissionFen: 333 })]
    await syncAndCredit(handle.db, feed, credit)
    expect((await userBalances(handle.db, buyer.id)).pendingFen).toBe(199)
  })

  it('a refund after settlement reverses the rebate; a negative balance is recovered from later rebates', async () => {
    const buyer = await newUser(handle.db)
    const feed = new ScriptedFeed()
    const first = platformOrder({ attributionId: buyer.attribution_id, estimatedCommissionFen: 1000, paidAt: at(900) })
    feed.rows = [{ ...first, status: 'settled', settledCommissionFen: 1000, settledAt: at(800), updatedAt: at(800) }]
    await syncAndCredit(handle.db, feed, credit)
    // The user took their 6.00 out before the refund came in.
    await withdrawForTest(handle.db, buyer, 600)
    feed.rows = [{ ...first, status: 'refunded', settledCommissionFen: 0, settledAt: at(800), updatedAt: at(700) }]
    await syncAndCredit(handle.db, feed, credit)
    expect(await userBalances(handle.db, buyer.id)).toEqual({ pendingFen: 0, availableFen: -600, heldFen: 0, withdrawnFen: 600 })
    expect((await ledgerOf(first.subOrderId)).map((e) => e.kind)).toEqual(['buyer:adjust', 'buyer:reverse'])

    const second = platformOrder({ attributionId: buyer.attribution_id, estimatedCommissionFen: 2000, paidAt: at(600) })
    feed.rows = [{ ...second, status: 'settled', settledCommissionFen: 2000, settledAt: at(500), updatedAt: at(500) }]
    await syncAndCredit(handle.db, feed, credit)
    expect((await userBalances(handle.db, buyer.id)).availableFen).toBe(600)
  })

  it('a refund before settlement takes the pending rebate back', async () => {
    const buyer = await newUser(handle.db)
    const feed = new ScriptedFeed()
    const o = platformOrder({ attributionId: buyer.attribution_id, paidAt: at(600), updatedAt: at(500) })
    feed.rows = [o]
    await syncAndCredit(handle.db, feed, credit)
    feed.rows = [{ ...o, status: 'refunded', updatedAt: at(400) }]
    await syncAndCredit(handle.db, feed, credit)
    expect(await userBalances(handle.db, buyer.id)).toEqual({ pendingFen: 0, availableFen: 0, heldFen: 0, withdrawnFen: 0 })
  })

  it('a crash between storing a page and queueing its credits loses nothing', async () => {
    const buyer = await newUser(handle.db)
    const feed = new ScriptedFeed('pdd')
    const o = platformOrder({ platform: 'pdd', attributionId: buyer.attribution_id, paidAt: at(300), updatedAt: at(200) })
    feed.rows = [o]
    const cursorBefore = await handle.db.selectFrom('order_sync_cursors').selectAll().where('platform', '=', 'pdd').executeTakeFirst()
    await expect(
      syncOrders({
        db: handle.db,
        feed,
        now: () => new Date(),
        overlapMs: 3_600_000,
        initialLookbackMs: 3_600_000,
        maxWindowsPerRun: 10,
        enqueueCredit: () => Promise.reject(new Error('worker killed')),
      }),
    ).rejects.toThrow('worker killed')
    const stored = await handle.db.selectFrom('orders').selectAll().where('sub_order_id', '=', o.subOrderId).executeTakeFirstOrThrow()
    expect(stored.status).toBe('paid')
    const cursorAfter = await handle.db.selectFrom('order_sync_cursors').selectAll().where('platform', '=', 'pdd').executeTakeFirst()
    expect(cursorAfter?.synced_until).toEqual(cursorBefore?.synced_until)

    const requests = await syncAndCredit(handle.db, feed, credit)
    expect(requests.map((r) => r.orderRowId)).toContain(stored.id)
    expect((await userBalances(handle.db, buyer.id)).pendingFen).toBe(600)
  })

  it('concurrent crediting of one order posts once', async () => {
    const buyer = await newUser(handle.db)
    const feed = new ScriptedFeed()
    const o = platformOrder({ attributionId: buyer.attribution_id })
    feed.rows = [o]
    const requests: string[] = []
    await syncOrders({
      db: handle.db,
      feed,
      now: () => new Date(Date.now() + 1000),
      overlapMs: 3_600_000,
      initialLookbackMs: 3_600_000,
      maxWindowsPerRun: 10,
      enqueueCredit: async (batch) => void requests.push(...batch.map((r) => r.orderRowId)),
    })
    const id = requests.find(Boolean) ?? ''
    await Promise.all(Array.from({ length: 10 }, () => creditOrder(credit, id)))
    expect(await ledgerOf(o.subOrderId)).toHaveLength(1)
    expect((await userBalances(handle.db, buyer.id)).pendingFen).toBe(600)
  })

  it('attributes by the one user promoted the item before payment, and never guesses between two', async () => {
    const solo = await newUser(handle.db, 'solo')
    const [a, b] = [await newUser(handle.db, 'a'), await newUser(handle.db, 'b')]
    const feed = new ScriptedFeed()
    const soloOrder = platformOrder({ itemId: `item-solo-${solo.id}`, paidAt: new Date(Date.now() + 500) })
    const sharedOrder = platformOrder({ itemId: `item-shared-${a.id}`, paidAt: new Date(Date.now() + 500) })
    await givePromoLink(handle.db, solo, 'jd', soloOrder.itemId)
    await givePromoLink(handle.db, a, 'jd', sharedOrder.itemId)
    await givePromoLink(handle.db, b, 'jd', sharedOrder.itemId)
    feed.rows = [soloOrder, sharedOrder]
    const requests = await syncAndCredit(handle.db, feed, credit)
    expect(requests).toHaveLength(2)
    const rows = await handle.db.selectFrom('orders').selectAll().where('sub_order_id', 'in', [soloOrder.subOrderId, sharedOrder.subOrderId]).execute()
    const bySub = new Map(rows.map((r) => [r.sub_order_id, r]))
    expect(bySub.get(soloOrder.subOrderId)).toMatchObject({ user_id: solo.id, attribution: 'recent_promotion' })
    expect(bySub.get(sharedOrder.subOrderId)).toMatchObject({ user_id: null, attribution_note: 'ambiguous' })
    expect(await userBalances(handle.db, a.id)).toEqual({ pendingFen: 0, availableFen: 0, heldFen: 0, withdrawnFen: 0 })
  })

  it('a Taobao order paid in the same second as the link (second-precision paid_at) is attributed; one paid before the link is not', async () => {
    const buyer = await newUser(handle.db, 'same-second')
    const late = await newUser(handle.db, 'too-late')
    const feed = new ScriptedFeed('taobao')
    const sameSecond = platformOrder({ platform: 'taobao', itemId: `tb-same-${buyer.id}` })
    const before = platformOrder({ platform: 'taobao', itemId: `tb-before-${late.id}` })
    await givePromoLink(handle.db, buyer, 'taobao', sameSecond.itemId)
    const linkAt = await handle.db.selectFrom('conversions').select('created_at').where('item_id', '=', sameSecond.itemId).executeTakeFirstOrThrow()
    // TOP reports tk_paid_time to the second: the payment "happened" at the start of the link's second.
    const paidAt = new Date(Math.floor(linkAt.created_at.getTime() / 1000) * 1000)
    await givePromoLink(handle.db, late, 'taobao', before.itemId)
    feed.rows = [
      { ...sameSecond, paidAt, updatedAt: new Date() },
      // Paid two minutes before the link was given: not bought through it, whatever the skew allowance.
      { ...before, paidAt: new Date(Date.now() - 120_000), updatedAt: new Date() },
    ]
    await syncAndCredit(handle.db, feed, credit)
    const rows = await handle.db.selectFrom('orders').selectAll().where('sub_order_id', 'in', [sameSecond.subOrderId, before.subOrderId]).execute()
    const bySub = new Map(rows.map((r) => [r.sub_order_id, r]))
    expect(bySub.get(sameSecond.subOrderId)).toMatchObject({ user_id: buyer.id, attribution: 'recent_promotion' })
    expect(bySub.get(before.subOrderId)).toMatchObject({ user_id: null })
  })

  it('an id that is none of our users marks the order as another promoter’s', async () => {
    const feed = new ScriptedFeed()
    const o = platformOrder({ attributionId: 'someone-elses-sub-union' })
    feed.rows = [o]
    await syncAndCredit(handle.db, feed, credit)
    const row = await handle.db.selectFrom('orders').selectAll().where('sub_order_id', '=', o.subOrderId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ user_id: null, attribution_note: 'foreign' })
  })

  it('the database refuses edits, deletes and unbalanced transactions in the ledger', async () => {
    await expect(sql`update ledger_postings set amount_fen = amount_fen + 1`.execute(handle.db)).rejects.toThrow(/append-only/)
    await expect(sql`delete from ledger_transactions`.execute(handle.db)).rejects.toThrow(/append-only/)
    await expect(
      appendTransaction(handle.db, {
        idempotencyKey: `unbalanced-${Date.now()}`,
        kind: 'test',
        orderRowId: null,
        userId: null,
        postings: [{ account: 'platform:jd:rebates', userId: null, amountFen: 5 }],
      }),
    ).rejects.toThrow(/does not balance/)
    const unbalanced = await sql<{ n: string }>`
      select count(*) as n from (select transaction_id from ledger_postings group by transaction_id having sum(amount_fen) <> 0) x`.execute(handle.db)
    expect(Number(unbalanced.rows[0]?.n)).toBe(0)
  })
})
