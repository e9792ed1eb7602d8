import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { JdPlatform, type JdPlatformOptions } from '../../../src/platforms/jd/jd.platform.js'
import type { OrderPage, OrderWindow, PlatformOrder } from '../../../src/platforms/order-feed.js'
import {
  PlatformAuthError,
  PlatformRequestError,
  PlatformUnavailableError,
} from '../../../src/platforms/platform-errors.js'
import { type SimItem, simItem } from '../../../src/simulator/catalog.js'
import type { SimOrder } from '../../../src/simulator/sim-orders.js'
import { type RunningSimulator, startSimulator } from '../../../src/simulator/simulator-server.js'
import { SIM_CREDENTIALS, SimState } from '../../../src/simulator/sim-state.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
/** 10:00 in Beijing on 2026-03-10; every test runs on this shared, hand-moved clock. */
const START = new Date('2026-03-10T02:00:00Z')

let clock: Date
let sim: RunningSimulator
let jd: JdPlatform

function adapter(overrides: Partial<JdPlatformOptions> = {}): JdPlatform {
  return new JdPlatform({
    ...SIM_CREDENTIALS.jd,
    gateway: sim.gatewayUrl('jd'),
    timeoutMs: 500,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    now: () => clock,
    ...overrides,
  })
}

const advance = (ms: number): void => {
  clock = new Date(clock.getTime() + ms)
}

/** The first catalog sku whose item satisfies `test`. */
function findItem(test: (item: SimItem) => boolean): SimItem {
  for (let i = 0; i < 10_000; i++) {
    const item = simItem('jd', String(100_012_000_000 + i))
    if (test(item)) return item
  }
  throw new Error('no such catalog item')
}

const IN_PROGRAM = findItem((item) => item.inProgram && item.commissionRateBp > 0)
const OUT_OF_PROGRAM = findItem((item) => !item.inProgram)

/** JD's times have whole seconds. */
const seconds = (date: Date): Date => new Date(Math.floor(date.getTime() / 1000) * 1000)

/** Midnight in Beijing of the day a moment falls on. */
const beijingMidnight = (date: Date): Date => new Date(Math.floor((date.getTime() + 8 * HOUR) / (24 * HOUR)) * 24 * HOUR - 8 * HOUR)

/** What the adapter must report for a simulated order, derived from the order alone. */
function expected(order: SimOrder, patch: Partial<PlatformOrder>): PlatformOrder {
  return {
    platform: 'jd',
    orderId: order.orderId,
    subOrderId: order.subOrderId,
    itemId: order.item.apiId,
    itemTitle: order.item.title,
    quantity: order.quantity,
    paidFen: order.paidFen,
    status: 'paid',
    estimatedCommissionFen: Math.floor((order.paidFen * order.item.commissionRateBp) / 10_000),
    settledCommissionFen: null,
    attributionId: order.attributionId ?? null,
    relationId: null,
    paidAt: seconds(order.paidAt),
    receivedAt: null,
    settledAt: null,
    updatedAt: seconds(order.updatedAt),
    ...patch,
  }
}

/** The window of the last hour, ending just after now. */
const lastHour = (): OrderWindow => ({ start: new Date(clock.getTime() - HOUR + 1000), end: new Date(clock.getTime() + 1000) })

/** Every page of a window, following nextCursor. */
async function fetchAll(window: OrderWindow): Promise<{ pages: OrderPage[]; orders: PlatformOrder[] }> {
  const pages: OrderPage[] = []
  let cursor: string | undefined
  do {
    const page = await jd.fetchOrderPage(window, cursor)
    pages.push(page)
    cursor = page.nextCursor
  } while (cursor !== undefined && pages.length < 20)
  return { pages, orders: pages.flatMap((page) => page.orders) }
}

async function reported(order: SimOrder): Promise<PlatformOrder | undefined> {
  const { orders } = await fetchAll(lastHour())
  return orders.find((row) => row.subOrderId === order.subOrderId)
}

beforeEach(async () => {
  clock = START
  sim = await startSimulator({ port: 0, state: new SimState({ now: () => clock }) })
  jd = adapter()
})

afterEach(async () => {
  await sim.close()
})

describe('JdPlatform.fetchOrderPage', () => {
  it('reports a paid order with exact ids, money, attribution and times', async () => {
    const order = sim.state.orders.buy({ platform: 'jd', itemKey: IN_PROGRAM.itemKey, quantity: 2, attributionId: 'u_1001' })
    advance(90_000)
    const page = await jd.fetchOrderPage(lastHour(), undefined)
    expect(page).toEqual({ orders: [expected(order, {})], rejected: [], nextCursor: undefined })
    expect(page.orders[0]?.paidAt).toEqual(new Date('2026-03-10T02:00:00Z'))
    expect(page.orders[0]?.estimatedCommissionFen).toBeGreaterThan(0)
  })

  it('reports the same row again after each change, hours later: received, settled, refunded after settlement', async () => {
    const order = sim.state.orders.buy({ platform: 'jd', itemKey: IN_PROGRAM.itemKey, attributionId: 'u_7' })
    advance(5 * MINUTE)
    expect(await reported(order)).toEqual(expected(order, {}))

    advance(2 * HOUR)
    sim.state.orders.receive(order.orderId)
    const receivedAt = clock
    advance(5 * MINUTE)
    expect(await reported(order)).toEqual(expected(order, { status: 'received', receivedAt }))

    advance(2 * HOUR)
    sim.state.orders.settleAll('jd')
    advance(5 * MINUTE)
    const settled = expected(order, {
      status: 'settled',
      receivedAt,
      settledCommissionFen: order.commissionFen,
      settledAt: beijingMidnight(START),
    })
    expect(settled.settledCommissionFen).toBeGreaterThan(0)
    expect(await reported(order)).toEqual(settled)

    advance(2 * HOUR)
    sim.state.orders.refund(order.orderId)
    advance(5 * MINUTE)
    expect(await reported(order)).toEqual({ ...settled, settledCommissionFen: 0, updatedAt: seconds(order.updatedAt) })
  })

  it('reports a refund before receipt as refunded with no commission', async () => {
    const order = sim.state.orders.buy({ platform: 'jd', itemKey: IN_PROGRAM.itemKey, attributionId: 'u_8' })
    advance(MINUTE)
    sim.state.orders.refund(order.orderId)
    advance(MINUTE)
    expect(await reported(order)).toEqual(expected(order, { status: 'refunded', estimatedCommissionFen: 0 }))
  })

  it('reports a refund after receipt (actualFee rewritten to 0) as settled with 0 that day', async () => {
    const order = sim.state.orders.buy({ platform: 'jd', itemKey: IN_PROGRAM.itemKey, attributionId: 'u_9' })
    advance(MINUTE)
    sim.state.orders.receive(order.orderId)
    advance(MINUTE)
    sim.state.orders.refund(order.orderId)
    advance(MINUTE)
    expect(await reported(order)).toEqual(
      expected(order, {
        status: 'settled',
        receivedAt: new Date(START.getTime() + MINUTE),
        settledCommissionFen: 0,
        settledAt: beijingMidnight(START),
      }),
    )
  })

  it('keeps a received order received however long the clock runs before settlement', async () => {
    const order = sim.state.orders.buy({ platform: 'jd', itemKey: IN_PROGRAM.itemKey })
    sim.state.orders.receive(order.orderId)
    advance(60 * 24 * HOUR)
    const { orders } = await fetchAll({ start: new Date(START.getTime() - 1000), end: new Date(START.getTime() + HOUR - 1000) })
    expect(orders.find((row) => row.subOrderId === order.subOrderId)?.status).toBe('received')
  })

  it('reports an item outside the program as invalid', async () => {
    const order = sim.state.orders.buy({ platform: 'jd', itemKey: OUT_OF_PROGRAM.itemKey, attributionId: 'u_3' })
    advance(MINUTE)
    expect(await reported(order)).toEqual(expected(order, { status: 'invalid', estimatedCommissionFen: 0 }))
  })

  it('gives attributionId null for an order without subUnionId, and the foreign id of another promoter', async () => {
    const plain = sim.state.orders.buy({ platform: 'jd', itemKey: IN_PROGRAM.itemKey })
    const foreign = sim.state.orders.buy({
      platform: 'jd',
      itemKey: IN_PROGRAM.itemKey,
      attributionId: 'other-promoter_55',
      otherPromoter: true,
    })
    advance(MINUTE)
    expect((await reported(plain))?.attributionId).toBeNull()
    const row = await reported(foreign)
    expect(row?.attributionId).toBe('other-promoter_55')
    expect(sim.state.issuedPromos().some((promo) => promo.attributionId === row?.attributionId)).toBe(false)
  })

  it('pages 250 orders of one window, each exactly once, via nextCursor', async () => {
    const bought = Array.from({ length: 250 }, (_, i) => {
      advance(i % 3 === 0 ? 7_000 : 0)
      return sim.state.orders.buy({ platform: 'jd', itemKey: IN_PROGRAM.itemKey, attributionId: `u_${i}` })
    })
    advance(MINUTE)
    const { pages, orders } = await fetchAll(lastHour())
    expect(pages.map((page) => page.orders.length)).toEqual([200, 50])
    expect(pages.map((page) => page.nextCursor === undefined)).toEqual([false, true])
    expect(orders.map((order) => order.subOrderId).sort()).toEqual(bought.map((order) => order.subOrderId).sort())
    expect(new Set(orders.map((order) => order.subOrderId)).size).toBe(250)
  })

  it('loses and repeats nothing across consecutive windows cut at odd milliseconds', async () => {
    const bought = Array.from({ length: 30 }, () => {
      advance(4_321)
      return sim.state.orders.buy({ platform: 'jd', itemKey: IN_PROGRAM.itemKey })
    })
    const cuts = [START.getTime() - 1, START.getTime() + 40_500, START.getTime() + 90_999, clock.getTime() + 1_500]
    const seen: string[] = []
    for (let i = 0; i + 1 < cuts.length; i++) {
      const { orders } = await fetchAll({ start: new Date(cuts[i] ?? 0), end: new Date(cuts[i + 1] ?? 0) })
      seen.push(...orders.map((order) => order.subOrderId))
    }
    expect(seen.sort()).toEqual(bought.map((order) => order.subOrderId).sort())
  })

  it('refuses a window over an hour before calling JD', async () => {
    sim.state.injectFault('jd', 'unavailable', 5)
    const window = { start: START, end: new Date(START.getTime() + HOUR + 1) }
    await expect(jd.fetchOrderPage(window, undefined)).rejects.toThrow(PlatformRequestError)
    expect(sim.state.takeFault('jd')).toBe('unavailable')
    expect(jd.maxWindowMs).toBe(HOUR)
  })

  it('refuses a cursor from another window', async () => {
    for (let i = 0; i < 201; i++) sim.state.orders.buy({ platform: 'jd', itemKey: IN_PROGRAM.itemKey })
    advance(MINUTE)
    const first = await jd.fetchOrderPage(lastHour(), undefined)
    advance(MINUTE)
    await expect(jd.fetchOrderPage(lastHour(), first.nextCursor)).rejects.toThrow(PlatformRequestError)
  })

  it.each([
    ['a wrong secret', { secret: 'not-the-secret' }],
    ['an unknown app key', { appKey: 'nobody' }],
  ])('throws PlatformAuthError on %s', async (_, overrides) => {
    await expect(adapter(overrides).fetchOrderPage(lastHour(), undefined)).rejects.toThrow(PlatformAuthError)
  })

  it('retries a throttled order query, and gives up on a back end that stays down', async () => {
    const order = sim.state.orders.buy({ platform: 'jd', itemKey: IN_PROGRAM.itemKey })
    advance(MINUTE)
    sim.state.injectFault('jd', 'rate-limit', 2)
    expect((await jd.fetchOrderPage(lastHour(), undefined)).orders.map((row) => row.subOrderId)).toEqual([order.subOrderId])
    sim.state.injectFault('jd', 'unavailable', 3)
    await expect(jd.fetchOrderPage(lastHour(), undefined)).rejects.toThrow(PlatformUnavailableError)
  })
})
