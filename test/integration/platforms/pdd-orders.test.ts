import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { applyRateBp } from '../../../src/money/fen.js'
import type { OrderPage, OrderWindow, PlatformOrder } from '../../../src/platforms/order-feed.js'
import {
  PlatformAuthError,
  PlatformRequestError,
  PlatformUnavailableError,
} from '../../../src/platforms/platform-errors.js'
import { PddPlatform, type PddPlatformOptions } from '../../../src/platforms/pdd/pdd.platform.js'
import { type SimItem, simItem, simPriceAfterCoupon } from '../../../src/simulator/catalog.js'
import type { BuyOptions, SimOrder } from '../../../src/simulator/sim-orders.js'
import { SIM_CREDENTIALS } from '../../../src/simulator/sim-state.js'
import { type RunningSimulator, startSimulator } from '../../../src/simulator/simulator-server.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const RETRY = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 }

let sim: RunningSimulator
let pdd: PddPlatform
/** The simulator's clock; each test takes a fresh day so windows never see another test's orders. */
let clock = Date.UTC(2026, 2, 1)

function adapter(overrides: Partial<PddPlatformOptions> = {}): PddPlatform {
  return new PddPlatform({
    ...SIM_CREDENTIALS.pdd,
    pid: '1949211_49329093',
    gateway: sim.gatewayUrl('pdd'),
    timeoutMs: 2_000,
    retry: RETRY,
    now: () => new Date(clock),
    ...overrides,
  })
}

/** Starts a new day at 10:00:00.250 UTC (18:00 in PDD's GMT+8) and returns its midnight. */
function nextDay(): Date {
  const midnight = Math.floor(clock / DAY) * DAY + DAY
  clock = midnight + 10 * HOUR + 250
  return new Date(midnight)
}

const dayWindow = (midnight: Date): OrderWindow => ({ start: midnight, end: new Date(midnight.getTime() + DAY) })
const seconds = (date: Date | undefined): Date | null => (date ? new Date(Math.floor(date.getTime() / 1000) * 1000) : null)

function findItem(wanted: (item: SimItem) => boolean): SimItem {
  for (let n = 200_000_001; n < 200_010_000; n++) {
    const item = simItem('pdd', String(n))
    if (wanted(item)) return item
  }
  throw new Error('no such item in the first 10000 keys')
}

const inProgram = findItem((i) => i.inProgram && i.coupon !== null && i.priceFen >= i.coupon.thresholdFen)
const outsideProgram = findItem((i) => !i.inProgram)

function buy(options: Partial<BuyOptions> = {}): SimOrder {
  return sim.state.orders.buy({ platform: 'pdd', itemKey: inProgram.itemKey, ...options })
}

async function allPages(window: OrderWindow, feed: PddPlatform = pdd): Promise<OrderPage[]> {
  const pages: OrderPage[] = []
  let cursor: string | undefined
  do {
    const page = await feed.fetchOrderPage(window, cursor)
    pages.push(page)
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return pages
}

async function onlyOrder(window: OrderWindow): Promise<PlatformOrder> {
  const pages = await allPages(window)
  expect(pages).toHaveLength(1)
  expect(pages[0]?.rejected).toEqual([])
  expect(pages[0]?.orders).toHaveLength(1)
  return pages[0]?.orders[0] as PlatformOrder
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 })
  sim.state.now = () => new Date(clock)
  pdd = adapter()
})

afterAll(async () => {
  await sim.close()
})

afterEach(() => {
  sim.state.clearFaults()
})

describe('PddPlatform.fetchOrderPage against the simulator', () => {
  it('is an OrderFeed with PDD’s 24 h window', () => {
    expect(pdd.platform).toBe('pdd')
    expect(pdd.maxWindowMs).toBe(DAY)
  })

  it('reports an order with exact values, and again after each change with the new status', async () => {
    const window = dayWindow(nextDay())
    const order = buy({ quantity: 2, attributionId: 'u_42' })
    const paidFen = simPriceAfterCoupon(inProgram) * 2
    const commissionFen = applyRateBp(paidFen, inProgram.commissionRateBp)
    const paidAt = new Date(Math.floor(order.paidAt.getTime() / 1000) * 1000)
    expect(await onlyOrder(window)).toEqual({
      platform: 'pdd',
      orderId: order.orderId,
      subOrderId: order.orderId,
      itemId: inProgram.apiId,
      itemTitle: inProgram.title,
      quantity: 2,
      paidFen,
      status: 'paid',
      estimatedCommissionFen: commissionFen,
      settledCommissionFen: null,
      attributionId: 'u_42',
      relationId: null,
      paidAt,
      receivedAt: null,
      settledAt: null,
      updatedAt: paidAt,
    } satisfies PlatformOrder)
    expect(order.orderId).toMatch(/^\d{6}-\d{15}$/)

    clock += HOUR
    sim.state.orders.receive(order.orderId)
    const receivedAt = seconds(order.receivedAt)
    expect(await onlyOrder(window)).toMatchObject({ status: 'received', estimatedCommissionFen: commissionFen, settledCommissionFen: null, receivedAt, updatedAt: receivedAt })

    clock += HOUR
    sim.state.orders.settleAll('pdd')
    const settledAt = seconds(order.settledAt)
    expect(await onlyOrder(window)).toMatchObject({
      status: 'settled',
      estimatedCommissionFen: commissionFen,
      settledCommissionFen: commissionFen,
      paidAt,
      receivedAt,
      settledAt,
      updatedAt: settledAt,
    })

    clock += HOUR
    sim.state.orders.refund(order.orderId)
    expect(await onlyOrder(window)).toMatchObject({
      status: 'refunded',
      estimatedCommissionFen: 0,
      settledCommissionFen: 0,
      settledAt,
      updatedAt: seconds(order.refundedAt),
    })
  })

  it('reports a refund before settlement as invalid with no commission', async () => {
    const window = dayWindow(nextDay())
    const order = buy({ attributionId: 'u_42' })
    clock += HOUR
    sim.state.orders.refund(order.orderId)
    expect(await onlyOrder(window)).toMatchObject({
      subOrderId: order.orderId,
      status: 'invalid',
      estimatedCommissionFen: 0,
      settledCommissionFen: null,
      updatedAt: seconds(order.refundedAt),
    })
  })

  it('reports an item outside 多多进宝 as invalid', async () => {
    const window = dayWindow(nextDay())
    buy({ itemKey: outsideProgram.itemKey, attributionId: 'u_42' })
    expect(await onlyOrder(window)).toMatchObject({ itemId: outsideProgram.apiId, status: 'invalid', estimatedCommissionFen: 0, settledCommissionFen: null })
  })

  it('gives an order without custom_parameters no attribution', async () => {
    const window = dayWindow(nextDay())
    buy()
    expect((await onlyOrder(window)).attributionId).toBeNull()
  })

  it('stores another promoter’s order, attributed to nobody (their custom_parameters is opaque text)', async () => {
    const window = dayWindow(nextDay())
    const bought = Array.from({ length: 12 }, () => {
      clock += 1000
      return buy({ otherPromoter: true }).orderId
    })
    const page = await pdd.fetchOrderPage(window, undefined)
    expect(page.rejected).toEqual([])
    expect(page.orders.map((o) => o.subOrderId)).toEqual(bought)
    expect(page.orders.every((o) => o.attributionId === null)).toBe(true)
    // Older rows carry goods_id only: their item id is the goods_id, as text.
    expect(new Set(page.orders.map((o) => o.itemId))).toEqual(new Set([inProgram.apiId, inProgram.itemKey]))
  })

  it('returns 250 orders of one window exactly once, the last page first', async () => {
    const window = dayWindow(nextDay())
    const bought = Array.from({ length: 250 }, () => {
      clock += 7
      return buy({ attributionId: 'u_bulk' }).orderId
    })
    const pages = await allPages(window)
    expect(pages.map((p) => p.orders.length)).toEqual([50, 100, 100])
    expect(pages.every((p) => p.rejected.length === 0)).toBe(true)
    const ids = pages.flatMap((p) => p.orders.map((o) => o.subOrderId))
    expect(ids).toHaveLength(250)
    expect(new Set(ids)).toEqual(new Set(bought))
    // The first page returned is PDD's last: the newest changes.
    expect(pages[0]?.orders.map((o) => o.subOrderId)).toEqual(bought.slice(200))
  })

  it('misses no unchanged order when rows change while it pages (why it pages backwards)', async () => {
    const midnight = nextDay()
    clock = midnight.getTime() + 250
    const window = { start: midnight, end: new Date(midnight.getTime() + HOUR) }
    const bought = Array.from({ length: 250 }, () => {
      clock += 100
      return buy().orderId
    })
    const first = await pdd.fetchOrderPage(window, undefined)
    // Later changes move rows out of this window (into the next one), shifting the rows behind them up.
    clock = midnight.getTime() + 2 * HOUR
    const changed = [0, 10, 120, 150, 199, 230].map((i) => bought[i] ?? '')
    for (const id of changed) sim.state.orders.receive(id)
    const seen = new Set(first.orders.map((o) => o.subOrderId))
    let cursor = first.nextCursor
    while (cursor !== undefined) {
      const page = await pdd.fetchOrderPage(window, cursor)
      for (const o of page.orders) seen.add(o.subOrderId)
      cursor = page.nextCursor
    }
    expect(bought.filter((id) => !changed.includes(id) && !seen.has(id))).toEqual([])
  })

  it('covers a boundary exactly on whole seconds and at least once on a ragged instant', async () => {
    const midnight = nextDay()
    const boundary = midnight.getTime() + HOUR
    const ids = [-700, -1, 0, 300].map((offset) => {
      clock = boundary + offset
      return buy().orderId
    })
    const idsIn = async (start: number, end: number): Promise<string[]> =>
      (await allPages({ start: new Date(start), end: new Date(end) })).flatMap((p) => p.orders.map((o) => o.subOrderId))
    expect(await idsIn(midnight.getTime(), boundary)).toEqual(ids.slice(0, 2))
    expect(await idsIn(boundary, boundary + HOUR)).toEqual(ids.slice(2))
    const before = await idsIn(midnight.getTime(), boundary + 500)
    const after = await idsIn(boundary + 500, boundary + HOUR)
    expect(new Set([...before, ...after])).toEqual(new Set(ids))
  })

  it('answers an empty window with an empty last page', async () => {
    const midnight = nextDay()
    expect(await pdd.fetchOrderPage({ start: midnight, end: midnight }, undefined)).toEqual({ orders: [], rejected: [], nextCursor: undefined })
    expect(await allPages(dayWindow(midnight))).toEqual([{ orders: [], rejected: [], nextCursor: undefined }])
  })
})

describe('PddPlatform.fetchOrderPage failures', () => {
  it('refuses a window over 24 h before calling (a wrong secret never gets to fail)', async () => {
    const start = nextDay()
    const window = { start, end: new Date(start.getTime() + DAY + 1) }
    await expect(adapter({ secret: 'wrong' }).fetchOrderPage(window, undefined)).rejects.toThrow(PlatformRequestError)
  })

  it('accepts exactly 24 h on ragged milliseconds', async () => {
    const start = new Date(nextDay().getTime() + 500)
    const page = await pdd.fetchOrderPage({ start, end: new Date(start.getTime() + DAY) }, undefined)
    expect(page.nextCursor).toBeUndefined()
  })

  it('relays the gateway’s own refusal of a range over 24 h as PlatformRequestError', async () => {
    const start = Math.floor(nextDay().getTime() / 1000)
    await expect(
      pdd.call('pdd.ddk.order.list.increment.get', { start_update_time: start, end_update_time: start + 86_401, page: 1, page_size: 100 }),
    ).rejects.toThrow(PlatformRequestError)
  })

  it('relays a window older than 90 days as PlatformRequestError', async () => {
    const start = new Date(nextDay().getTime() - 91 * DAY)
    await expect(pdd.fetchOrderPage({ start, end: new Date(start.getTime() + HOUR) }, undefined)).rejects.toThrow(PlatformRequestError)
  })

  it('refuses a cursor from another window', async () => {
    const window = dayWindow(nextDay())
    Array.from({ length: 101 }, () => buy())
    const first = await pdd.fetchOrderPage(window, undefined)
    expect(first.nextCursor).toBeDefined()
    const other = { start: window.start, end: new Date(window.end.getTime() - HOUR) }
    await expect(pdd.fetchOrderPage(other, first.nextCursor)).rejects.toThrow(PlatformRequestError)
  })

  it.each([
    ['a wrong secret', { secret: 'wrong' }, 20004],
    ['an unknown client_id', { appKey: 'nobody' }, 10016],
  ])('reports %s as PlatformAuthError (the sync must stop)', async (_label, overrides, code) => {
    const error = await adapter(overrides).fetchOrderPage(dayWindow(nextDay()), undefined).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PlatformAuthError)
    expect((error as PlatformAuthError).code).toBe(code)
    expect((error as Error).message).toContain('pdd.ddk.order.list.increment.get')
  })

  it('retries through a rate limit and an outage', async () => {
    const window = dayWindow(nextDay())
    buy()
    sim.state.injectFault('pdd', 'rate-limit', 1)
    sim.state.injectFault('pdd', 'unavailable', 1)
    expect((await pdd.fetchOrderPage(window, undefined)).orders).toHaveLength(1)
  })

  it('gives up on a lasting outage with PlatformUnavailableError', async () => {
    sim.state.injectFault('pdd', 'unavailable', RETRY.maxAttempts)
    await expect(pdd.fetchOrderPage(dayWindow(nextDay()), undefined)).rejects.toThrow(PlatformUnavailableError)
  })
})
