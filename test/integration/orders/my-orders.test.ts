import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { recentOrdersFor } from '../../../src/orders/my-orders.service.js'
import { newUser, platformOrder, ScriptedFeed, syncAndCredit } from '../../support/order-factory.js'
import { availableBackends, openTestDatabase } from '../../support/test-databases.js'

const at = (secondsAgo: number): Date => new Date(Date.now() - secondsAgo * 1000)

describe.each(availableBackends())('订单 reads the ledger, on %s', (backend) => {
  let handle: DatabaseHandle
  beforeAll(async () => {
    handle = await openTestDatabase(backend)
  })
  afterAll(async () => {
    await handle.close()
  })

  it('after a share change each old order still shows what was credited for it', async () => {
    const buyer = await newUser(handle.db)
    const feed = new ScriptedFeed()
    const first = platformOrder({ attributionId: buyer.attribution_id, estimatedCommissionFen: 1000, paidAt: at(600), updatedAt: at(600) })
    feed.rows = [first]
    await syncAndCredit(handle.db, feed, { db: handle.db, userShareBp: 6000, attributionWindowMs: 3_600_000 })
    // The operator lowers the share: new orders earn 50%, the first keeps its 60%.
    const second = platformOrder({ attributionId: buyer.attribution_id, estimatedCommissionFen: 1000, paidAt: at(300), updatedAt: at(300) })
    feed.rows = [second]
    await syncAndCredit(handle.db, feed, { db: handle.db, userShareBp: 5000, attributionWindowMs: 3_600_000 })
    const orders = await recentOrdersFor(handle.db, buyer.contact_id)
    expect(new Map(orders.map((o) => [o.orderId, o.rebateFen]))).toEqual(new Map([[first.orderId, 600], [second.orderId, 500]]))
  })

  it('a JD order refunded after completion (actualFee rewritten to 0) shows as refunded with ¥0', async () => {
    const buyer = await newUser(handle.db)
    const feed = new ScriptedFeed('jd')
    const o = platformOrder({ attributionId: buyer.attribution_id, estimatedCommissionFen: 1000, paidAt: at(900) })
    feed.rows = [{ ...o, status: 'settled', settledCommissionFen: 1000, settledAt: at(800), updatedAt: at(800) }]
    const credit = { db: handle.db, userShareBp: 6000, attributionWindowMs: 3_600_000 }
    await syncAndCredit(handle.db, feed, credit)
    feed.rows = [{ ...o, status: 'settled', settledCommissionFen: 0, settledAt: at(800), updatedAt: at(700) }]
    await syncAndCredit(handle.db, feed, credit)
    const [shown] = await recentOrdersFor(handle.db, buyer.contact_id)
    expect(shown).toMatchObject({ orderId: o.orderId, status: 'refunded', rebateFen: 0 })
  })

  it('an order not credited yet says so instead of an amount', async () => {
    const buyer = await newUser(handle.db)
    // Stored by the sync, its credit job not run yet.
    const fresh = platformOrder({ attributionId: buyer.attribution_id, paidAt: at(30), updatedAt: at(30) })
    await handle.db
      .insertInto('orders')
      .values({
        platform: 'jd',
        sub_order_id: fresh.subOrderId,
        order_id: fresh.orderId,
        item_id: fresh.itemId,
        item_title: fresh.itemTitle,
        quantity: 1,
        paid_fen: fresh.paidFen,
        status: 'paid',
        estimated_commission_fen: 1000,
        settled_commission_fen: null,
        platform_attribution_id: buyer.attribution_id,
        relation_id: null,
        paid_at: fresh.paidAt,
        received_at: null,
        settled_at: null,
        platform_updated_at: fresh.updatedAt,
        user_id: buyer.id,
        attribution: 'platform_id',
      })
      .execute()
    const [shown] = await recentOrdersFor(handle.db, buyer.contact_id)
    expect(shown).toMatchObject({ orderId: fresh.orderId, status: 'paid', rebateFen: null })
  })
})
