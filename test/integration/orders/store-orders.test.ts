import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { storeOrders } from '../../../src/orders/store-orders.service.js'
import type { PlatformOrder } from '../../../src/platforms/order-feed.js'
import { newUser, platformOrder } from '../../support/order-factory.js'
import { availableBackends, openTestDatabase } from '../../support/test-databases.js'

describe.each(availableBackends())('storing a batch of order reports on %s', (backend) => {
  let handle: DatabaseHandle
  beforeAll(async () => {
    handle = await openTestDatabase(backend)
  })
  afterAll(async () => {
    await handle.close()
  })

  const at = (secondsAgo: number): Date => new Date(Date.now() - secondsAgo * 1000)
  const rowOf = (o: PlatformOrder) => handle.db.selectFrom('orders').selectAll().where('sub_order_id', '=', o.subOrderId).executeTakeFirstOrThrow()

  it('a sub-order reported twice in one batch is stored once, at its latest accepted state, and credited once', async () => {
    const buyer = await newUser(handle.db)
    const paid = platformOrder({ attributionId: buyer.attribution_id, updatedAt: at(300) })
    const settled = { ...paid, status: 'settled' as const, settledCommissionFen: 900, settledAt: at(100), updatedAt: at(100) }
    // A stale repeat after the newer report must not win either.
    const result = await storeOrders(handle.db, [paid, settled, { ...paid, updatedAt: at(200) }])
    expect(result.stored).toBe(1)
    const row = await rowOf(paid)
    expect(row).toMatchObject({ status: 'settled', settled_commission_fen: '900', user_id: buyer.id, attribution: 'platform_id' })
    expect(result.credit).toEqual([{ orderRowId: row.id, version: settled.updatedAt.getTime() }])
  })

  it('a batch mixing new, changed, unchanged and stale reports writes only the new and the changed', async () => {
    const buyer = await newUser(handle.db)
    const changed = platformOrder({ attributionId: buyer.attribution_id, updatedAt: at(500) })
    const unchanged = platformOrder({ attributionId: buyer.attribution_id, updatedAt: at(500) })
    const stale = platformOrder({ attributionId: buyer.attribution_id, status: 'received', receivedAt: at(400), updatedAt: at(400) })
    await storeOrders(handle.db, [changed, unchanged, stale])

    const fresh = platformOrder({ attributionId: 'rb-nobody-of-ours', updatedAt: at(50) })
    const received = { ...changed, status: 'received' as const, receivedAt: at(60), updatedAt: at(60) }
    const result = await storeOrders(handle.db, [received, unchanged, { ...stale, status: 'paid', updatedAt: at(450) }, fresh])
    expect(result.stored).toBe(2)
    expect(await rowOf(changed)).toMatchObject({ status: 'received', user_id: buyer.id })
    expect(await rowOf(unchanged)).toMatchObject({ status: 'paid' })
    expect(await rowOf(stale)).toMatchObject({ status: 'received' })
    expect(await rowOf(fresh)).toMatchObject({ user_id: null, attribution_note: 'foreign' })
    // Every sub-order of the batch is (re)credited, each at the version it is stored at.
    const versions = new Map(result.credit.map((r) => [r.orderRowId, r.version]))
    expect(versions.size).toBe(4)
    expect(versions.get((await rowOf(changed)).id)).toBe(received.updatedAt.getTime())
    expect(versions.get((await rowOf(unchanged)).id)).toBe(unchanged.updatedAt.getTime())
    expect(versions.get((await rowOf(stale)).id)).toBe(stale.updatedAt.getTime())
  })

  it('a later report never changes who an order belongs to', async () => {
    const buyer = await newUser(handle.db)
    const other = await newUser(handle.db)
    const order = platformOrder({ attributionId: buyer.attribution_id, updatedAt: at(300) })
    await storeOrders(handle.db, [order])
    await storeOrders(handle.db, [{ ...order, attributionId: other.attribution_id, status: 'received', receivedAt: at(10), updatedAt: at(10) }])
    expect(await rowOf(order)).toMatchObject({ status: 'received', user_id: buyer.id, attribution: 'platform_id' })
  })
})
