import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { OrderSyncStoppedError, syncOrders, WindowMemory, type OrderSyncDeps } from '../../../src/orders/order-sync.service.js'
import type { OrderPage } from '../../../src/platforms/order-feed.js'
import {
  OrderWindowTooLongError,
  PlatformAuthError,
  PlatformPermissionError,
  PlatformUnavailableError,
} from '../../../src/platforms/platform-errors.js'
import type { OrderWindow } from '../../../src/platforms/order-feed.js'
import { setLogSink } from '../../../src/shared/log.js'
import { platformOrder, ScriptedFeed } from '../../support/order-factory.js'
import { availableBackends, openPrivateDatabase } from '../../support/test-databases.js'

/** A feed whose next answer the test decides. */
class ControlledFeed extends ScriptedFeed {
  next: (() => Promise<OrderPage>) | undefined
  override async fetchOrderPage(...args: Parameters<ScriptedFeed['fetchOrderPage']>): Promise<OrderPage> {
    return this.next ? this.next() : super.fetchOrderPage(...args)
  }
}

describe.each(availableBackends())('order sync on %s', (backend) => {
  let handle: DatabaseHandle
  const logs: string[] = []
  beforeAll(async () => {
    handle = await openPrivateDatabase(backend)
    setLogSink((line) => logs.push(line))
  })
  afterAll(async () => {
    await handle.close()
  })

  const deps = (feed: ControlledFeed, enqueued: string[] = []): OrderSyncDeps => ({
    db: handle.db,
    feed,
    now: () => new Date(),
    overlapMs: 60_000,
    initialLookbackMs: 3_600_000,
    maxWindowsPerRun: 5,
    enqueueCredit: async (requests) => void enqueued.push(...requests.map((r) => r.orderRowId)),
  })

  it('stores the good rows of a malformed page, logs and skips the bad ones, credits nothing from them', async () => {
    const feed = new ControlledFeed('taobao')
    const good = platformOrder({ platform: 'taobao' })
    feed.next = async () => ({
      orders: [good],
      rejected: [{ reason: 'pub_share_pre_fee: expected a decimal', raw: { trade_id: 'x1', pub_share_pre_fee: '1,2' } }],
      nextCursor: undefined,
    })
    const enqueued: string[] = []
    const result = await syncOrders(deps(feed, enqueued))
    expect(result.rejected).toBeGreaterThan(0)
    expect(logs.some((l) => l.includes('skipped an order row that failed validation') && l.includes('x1'))).toBe(true)
    const stored = await handle.db.selectFrom('orders').select(['id', 'sub_order_id']).where('platform', '=', 'taobao').execute()
    expect(stored.map((r) => r.sub_order_id)).toContain(good.subOrderId)
    expect(stored.map((r) => r.sub_order_id)).not.toContain('x1')
    expect(new Set(enqueued)).toEqual(new Set(stored.filter((r) => r.sub_order_id === good.subOrderId).map((r) => r.id)))
  })

  it('an auth error stops the platform’s sync loudly and keeps it stopped', async () => {
    const feed = new ControlledFeed('pdd')
    feed.next = () => Promise.reject(new PlatformAuthError('pdd', 'pdd.ddk.order.list.increment.get failed: 20004 签名验证失败'))
    await expect(syncOrders(deps(feed))).rejects.toBeInstanceOf(OrderSyncStoppedError)
    expect(logs.some((l) => l.includes('ERROR') && l.includes('order sync stopped'))).toBe(true)
    feed.next = undefined
    const again = await syncOrders(deps(feed))
    expect(again.stopped).toMatch(/签名验证失败/)
  })

  it('an outage mid-run leaves the cursor where the last stored window ended', async () => {
    const feed = new ControlledFeed('jd')
    let calls = 0
    feed.next = async () => {
      calls++
      if (calls === 3) throw new PlatformUnavailableError('jd', 'gateway timed out')
      return { orders: [], rejected: [], nextCursor: undefined }
    }
    const start = Date.now()
    await expect(
      syncOrders({ ...deps(feed), initialLookbackMs: 5 * 3_600_000 }),
    ).rejects.toBeInstanceOf(PlatformUnavailableError)
    const cursor = await handle.db.selectFrom('order_sync_cursors').selectAll().where('platform', '=', 'jd').executeTakeFirstOrThrow()
    // Two one-hour windows were stored before the third failed.
    const expected = start - 5 * 3_600_000 + 2 * feed.maxWindowMs
    expect(Math.abs(cursor.synced_until.getTime() - expected)).toBeLessThan(5000)
    expect(cursor.stopped_reason).toBeNull()
  })

  it('every rejected row is logged with its order id and failing field, counted on the cursor, and the rest stored', async () => {
    const feed = new ControlledFeed('pdd')
    await handle.db.deleteFrom('order_sync_cursors').where('platform', '=', 'pdd').execute()
    const good = platformOrder({ platform: 'pdd' })
    feed.next = async () => ({
      orders: [good],
      rejected: [
        { reason: 'order_status: unknown value 42', raw: { order_sn: '261201-000000000000001', order_status: 42 }, orderId: '261201-000000000000001', field: 'order_status' },
        { reason: 'not an object', raw: 'garbage' },
      ],
      nextCursor: undefined,
    })
    const result = await syncOrders(deps(feed))
    expect(result.rejected).toBe(2)
    expect(logs.some((l) => l.includes('failed validation') && l.includes('261201-000000000000001') && l.includes('order_status'))).toBe(true)
    expect(logs.some((l) => l.includes('failed validation') && l.includes('(unreadable)'))).toBe(true)
    const cursor = await handle.db.selectFrom('order_sync_cursors').selectAll().where('platform', '=', 'pdd').executeTakeFirstOrThrow()
    expect(Number(cursor.rejected_rows)).toBe(2)
    const stored = await handle.db.selectFrom('orders').select('sub_order_id').where('sub_order_id', '=', good.subOrderId).execute()
    expect(stored).toHaveLength(1)
  })

  it('a window refused as too long is read again in shorter windows, and the cursor still reaches now', async () => {
    const feed = new ControlledFeed('taobao')
    await handle.db.deleteFrom('order_sync_cursors').where('platform', '=', 'taobao').execute()
    const asked: OrderWindow[] = []
    const limitMs = 20 * 60_000
    const late = platformOrder({ platform: 'taobao', updatedAt: new Date(Date.now() - 5 * 60_000) })
    feed.next = undefined
    feed.rows = [late]
    const fetch = feed.fetchOrderPage.bind(feed)
    feed.fetchOrderPage = async (window: OrderWindow) => {
      asked.push(window)
      if (window.end.getTime() - window.start.getTime() > limitMs) {
        throw new OrderWindowTooLongError('taobao', 'taobao.tbk.order.details.get: 查询时间跨度不能超过20分钟', limitMs)
      }
      return fetch(window)
    }
    const result = await syncOrders({ ...deps(feed), maxWindowsPerRun: 10, initialLookbackMs: 3_600_000, windowMemory: new WindowMemory() })
    expect(result.windows).toBe(3)
    expect(asked.filter((w) => w.end.getTime() - w.start.getTime() > limitMs)).toHaveLength(1)
    expect(logs.some((l) => l.includes('syncing in shorter windows'))).toBe(true)
    const stored = await handle.db.selectFrom('orders').select('sub_order_id').where('sub_order_id', '=', late.subOrderId).execute()
    expect(stored).toHaveLength(1)
    const cursor = await handle.db.selectFrom('order_sync_cursors').selectAll().where('platform', '=', 'taobao').executeTakeFirstOrThrow()
    expect(Date.now() - cursor.synced_until.getTime()).toBeLessThan(60_000)
  })

  it('a permission refusal stops the sync with the API named, and the stopped state is mentioned once, not every run', async () => {
    const feed = new ControlledFeed('jd')
    await handle.db.deleteFrom('order_sync_cursors').where('platform', '=', 'jd').execute()
    feed.next = () =>
      Promise.reject(new PlatformPermissionError('jd', 'jd.union.open.order.row.query: 403 无访问权限', { code: 403, api: 'jd.union.open.order.row.query' }))
    await expect(syncOrders(deps(feed))).rejects.toBeInstanceOf(OrderSyncStoppedError)
    expect(logs.some((l) => l.includes('lacks a permission') && l.includes('jd.union.open.order.row.query'))).toBe(true)
    const before = logs.filter((l) => l.includes('order sync is stopped')).length
    for (let i = 0; i < 3; i++) expect((await syncOrders(deps(feed))).stopped).toMatch(/无访问权限/)
    expect(logs.filter((l) => l.includes('order sync is stopped')).length - before).toBeLessThanOrEqual(1)
  })
})
