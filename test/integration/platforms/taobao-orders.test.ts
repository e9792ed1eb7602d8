import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OrderWindow, PlatformOrder, PlatformRefund, RejectedOrderRow } from '../../../src/platforms/order-feed.js'
import {
  OrderWindowTooLongError,
  PlatformAuthError,
  PlatformRequestError,
  PlatformUnavailableError,
} from '../../../src/platforms/platform-errors.js'
import { TaobaoPlatform, type TaobaoPlatformOptions } from '../../../src/platforms/taobao/taobao.platform.js'
import { simItem, type SimItem } from '../../../src/simulator/catalog.js'
import type { SimOrder } from '../../../src/simulator/sim-orders.js'
import { SIM_CREDENTIALS } from '../../../src/simulator/sim-state.js'
import { listedTwice } from '../../../src/simulator/taobao/taobao-order-dto.js'
import { startSimulator, type RunningSimulator } from '../../../src/simulator/simulator-server.js'

const RETRY = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 }
const T0 = Date.parse('2026-03-01T02:00:00Z')
const HOUR = 3_600_000
const WINDOW: OrderWindow = { start: new Date(T0), end: new Date(T0 + 3 * HOUR) }
const RELATION_ID = '2712345678'

let sim: RunningSimulator
let clock: number

beforeEach(async () => {
  sim = await startSimulator({ port: 0 })
  clock = T0
  sim.state.now = () => new Date(clock)
})

afterEach(async () => {
  await sim.close()
})

function platform(overrides: Partial<TaobaoPlatformOptions> = {}): TaobaoPlatform {
  return new TaobaoPlatform({
    ...SIM_CREDENTIALS.taobao,
    gateway: sim.gatewayUrl('taobao'),
    timeoutMs: 2_000,
    retry: RETRY,
    adzoneId: '109876543210',
    signMethod: 'md5',
    ...overrides,
  })
}

function findItem(fits: (item: SimItem) => boolean, from = 700_000): SimItem {
  for (let key = from; key < from + 10_000; key++) {
    const item = simItem('taobao', String(key))
    if (fits(item)) return item
  }
  throw new Error('no such item in the catalog')
}

const promotable = (from?: number) => findItem((item) => item.inProgram, from)

/** Every page of a window, following nextCursor. */
async function fetchAll(feed: TaobaoPlatform, window: OrderWindow = WINDOW) {
  const orders: PlatformOrder[] = []
  const refunds: PlatformRefund[] = []
  const rejected: RejectedOrderRow[] = []
  let pages = 0
  let cursor: string | undefined
  do {
    const page = await feed.fetchOrderPage(window, cursor)
    pages++
    orders.push(...page.orders)
    refunds.push(...(page.refunds ?? []))
    rejected.push(...page.rejected)
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return { orders, refunds, rejected, pages }
}

const at = (ms: number) => new Date(T0 + ms)

/** What the feed must say about a simulated order line in its current state. */
function expected(order: SimOrder, changes: Partial<PlatformOrder> = {}): PlatformOrder {
  return {
    platform: 'taobao',
    orderId: order.orderId,
    subOrderId: order.subOrderId,
    itemId: order.item.apiId,
    itemTitle: order.item.title,
    quantity: order.quantity,
    paidFen: order.paidFen,
    status: 'paid',
    estimatedCommissionFen: order.commissionFen,
    settledCommissionFen: null,
    attributionId: null,
    relationId: null,
    paidAt: order.paidAt,
    receivedAt: null,
    settledAt: null,
    updatedAt: order.updatedAt,
    ...changes,
  }
}

describe('TaobaoPlatform.fetchOrderPage', () => {
  it('reports an order bought through a promo link with its relation id, exactly', async () => {
    const feed = platform()
    const item = promotable()
    await feed.promote({ platform: 'taobao', itemId: item.itemKey }, { attributionId: 'u-1001', taobaoRelationId: RELATION_ID })
    const [promo] = sim.state.issuedPromos()
    clock = T0 + 5_000
    const order = sim.state.orders.buy({
      platform: 'taobao',
      itemKey: item.itemKey,
      quantity: 2,
      attributionId: promo?.attributionId,
      relationId: promo?.relationId,
    })
    const { orders, rejected, pages } = await fetchAll(feed)
    expect(rejected).toEqual([])
    expect(pages).toBe(2)
    expect(orders).toEqual([expected(order, { relationId: RELATION_ID, paidAt: at(5_000), updatedAt: at(5_000) })])
    expect(orders[0]?.estimatedCommissionFen).toBe(Math.floor((order.paidFen * item.commissionRateBp) / 10_000))
  })

  it('re-reports the order after each change, with the new status, and a clawback after settlement', async () => {
    const feed = platform()
    const order = sim.state.orders.buy({ platform: 'taobao', itemKey: promotable().itemKey, relationId: RELATION_ID })
    const commission = order.commissionFen
    const base = { relationId: RELATION_ID, paidAt: at(0) }
    const during = (ms: number): OrderWindow => ({ start: at(ms), end: at(ms + 1_000) })

    expect((await fetchAll(feed, during(0))).orders).toEqual([expected(order, { ...base, updatedAt: at(0) })])

    clock = T0 + 60_000
    sim.state.orders.receive(order.orderId)
    expect((await fetchAll(feed, during(0))).orders).toEqual([])
    expect((await fetchAll(feed, during(60_000))).orders).toEqual([
      expected(order, { ...base, status: 'received', receivedAt: at(60_000), updatedAt: at(60_000) }),
    ])

    clock = T0 + 120_000
    sim.state.orders.settleAll('taobao')
    const settled = expected(order, {
      ...base,
      status: 'settled',
      settledCommissionFen: commission,
      settledAt: at(120_000),
      updatedAt: at(120_000),
    })
    expect((await fetchAll(feed, during(120_000))).orders).toEqual([settled])

    clock = T0 + 180_000
    sim.state.orders.refund(order.orderId)
    const { orders, refunds, pages } = await fetchAll(feed, during(180_000))
    expect(pages).toBe(2)
    // The order row stays settled (refund_tag 1); the clawback comes as a refund of that line (C1).
    expect(orders).toEqual([{ ...settled, updatedAt: at(180_000) }])
    expect(refunds).toEqual([
      {
        platform: 'taobao',
        orderId: order.orderId,
        subOrderId: order.subOrderId,
        refundId: expect.any(String),
        commissionRefundFen: commission,
        refundedAt: at(180_000),
        updatedAt: at(180_000),
      } satisfies PlatformRefund,
    ])
  })

  it('reports a refund before settlement as invalid, with no clawback row', async () => {
    const feed = platform()
    const order = sim.state.orders.buy({ platform: 'taobao', itemKey: promotable().itemKey })
    clock = T0 + 30_000
    sim.state.orders.refund(order.orderId)
    const { orders } = await fetchAll(feed)
    expect(orders).toEqual([expected(order, { status: 'invalid', estimatedCommissionFen: 0, updatedAt: at(30_000) })])
  })

  it('reports an item outside the program as invalid with no commission', async () => {
    const order = sim.state.orders.buy({ platform: 'taobao', itemKey: findItem((item) => !item.inProgram).itemKey })
    // Its row carries the old numeric item id as a JSON number (C2).
    expect((await fetchAll(platform())).orders).toEqual([
      expected(order, { status: 'invalid', estimatedCommissionFen: 0, itemId: order.item.itemKey }),
    ])
  })

  it('gives no attribution id on Taobao, even when the link carried an external id', async () => {
    const plain = sim.state.orders.buy({ platform: 'taobao', itemKey: promotable().itemKey })
    const external = sim.state.orders.buy({ platform: 'taobao', itemKey: promotable(720_000).itemKey, attributionId: 'u-1001' })
    const { orders } = await fetchAll(platform())
    expect(orders).toHaveLength(2)
    for (const order of [plain, external]) {
      expect(orders.find((o) => o.subOrderId === order.subOrderId)).toMatchObject({ attributionId: null, relationId: null })
    }
  })

  it('reports another promoter’s order with a relation id none of our links carried', async () => {
    const feed = platform()
    const item = promotable()
    await feed.promote({ platform: 'taobao', itemId: item.itemKey }, { attributionId: 'u-1001', taobaoRelationId: RELATION_ID })
    sim.state.orders.buy({ platform: 'taobao', itemKey: item.itemKey, otherPromoter: true })
    const [order] = (await fetchAll(feed)).orders
    const ours = new Set(sim.state.issuedPromos().map((promo) => promo.relationId))
    expect(order?.relationId).toMatch(/^\d+$/)
    expect(ours.has(order?.relationId ?? undefined)).toBe(false)
    expect(order?.attributionId).toBeNull()
  })

  it('returns 250 orders of one window exactly once across pages', async () => {
    const keys = Array.from({ length: 250 }, (_, i) => String(800_000 + i))
    // All bought in the same millisecond: paging must break the ties by sub-order id.
    const bought = keys.map((itemKey) => sim.state.orders.buy({ platform: 'taobao', itemKey }).subOrderId)
    const { orders, rejected, pages } = await fetchAll(platform())
    expect(rejected).toEqual([])
    // Some sub-orders are listed twice (C2): more rows than orders, each sub-order reported.
    const listings = bought.length + sim.state.orders.all().filter(listedTwice).length
    expect(pages).toBe(Math.ceil(listings / 100) + 1)
    expect(new Set(orders.map((o) => o.subOrderId))).toEqual(new Set(bought))
    expect(orders.length).toBeLessThanOrEqual(250 + Math.ceil(listings / 100))
  })

  it('misses no row that changes while the window is being paged', async () => {
    const feed = platform()
    for (let i = 0; i < 250; i++) sim.state.orders.buy({ platform: 'taobao', itemKey: promotable(800_000 + i * 20).itemKey })
    const first = await feed.fetchOrderPage(WINDOW, undefined)
    clock = T0 + 60_000
    const early = first.orders[0]?.orderId ?? ''
    const late = sim.state.orders.updatedBetween('taobao', WINDOW.start, WINDOW.end).at(-1)?.orderId ?? ''
    sim.state.orders.receive(early)
    sim.state.orders.receive(late)
    const seen = [...first.orders]
    let cursor = first.nextCursor
    while (cursor !== undefined) {
      const page = await feed.fetchOrderPage(WINDOW, cursor)
      seen.push(...page.orders)
      cursor = page.nextCursor
    }
    expect(new Set(seen.map((o) => o.subOrderId)).size).toBe(250)
    expect(seen).toHaveLength(251)
    expect(seen.filter((o) => o.orderId === early).map((o) => o.status)).toEqual(['paid', 'received'])
    expect(seen.filter((o) => o.orderId === late).map((o) => o.status)).toEqual(['received'])
  })

  it('reports a row once across back-to-back windows with sub-second bounds', async () => {
    clock = T0 + 10_200
    const order = sim.state.orders.buy({ platform: 'taobao', itemKey: promotable().itemKey })
    const feed = platform()
    const split = T0 + 10_500
    const before = await fetchAll(feed, { start: at(500), end: new Date(split) })
    const after = await fetchAll(feed, { start: new Date(split), end: new Date(split + HOUR) })
    expect([...before.orders, ...after.orders].map((o) => o.subOrderId)).toEqual([order.subOrderId])
    // TOP times have whole seconds.
    expect(after.orders[0]?.paidAt).toEqual(at(10_000))
  })

  it('refuses a window over 3 hours before calling', async () => {
    const window = { start: new Date(T0), end: new Date(T0 + 3 * HOUR + 1_000) }
    await expect(platform().fetchOrderPage(window, undefined)).rejects.toBeInstanceOf(PlatformRequestError)
  })

  it('during a big sale gets OrderWindowTooLongError (20 min) for a longer window, and answers a 20-minute one', async () => {
    sim.state.settings.taobaoBigSale = true
    const order = sim.state.orders.buy({ platform: 'taobao', itemKey: promotable().itemKey })
    let sleeps = 0
    const retry = { ...RETRY, sleep: async () => void sleeps++ }
    const error = platform({ retry }).fetchOrderPage(WINDOW, undefined)
    await expect(error).rejects.toBeInstanceOf(OrderWindowTooLongError)
    await expect(error).rejects.toMatchObject({ maxWindowMs: 20 * 60_000 })
    expect(sleeps).toBe(0)
    const short = await fetchAll(platform(), { start: WINDOW.start, end: new Date(T0 + 20 * 60_000) })
    expect(short.orders.map((o) => o.subOrderId)).toEqual([order.subOrderId])
  })

  it.each<[string, Partial<TaobaoPlatformOptions>]>([
    ['a wrong secret', { secret: 'not-the-secret' }],
    ['an unknown app key', { appKey: '99999999' }],
  ])('throws PlatformAuthError for %s', async (_name, overrides) => {
    await expect(platform(overrides).fetchOrderPage(WINDOW, undefined)).rejects.toBeInstanceOf(PlatformAuthError)
  })

  it('rides out a rate limit, and gives up on a lasting outage with a typed error', async () => {
    sim.state.orders.buy({ platform: 'taobao', itemKey: promotable().itemKey })
    sim.state.injectFault('taobao', 'rate-limit', 2)
    expect((await platform().fetchOrderPage(WINDOW, undefined)).orders).toHaveLength(1)
    sim.state.injectFault('taobao', 'unavailable', 3)
    await expect(platform().fetchOrderPage(WINDOW, undefined)).rejects.toBeInstanceOf(PlatformUnavailableError)
  })
})
