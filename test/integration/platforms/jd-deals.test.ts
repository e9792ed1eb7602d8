import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { applyRateBp } from '../../../src/money/fen.js'
import type { CuratedDeal } from '../../../src/platforms/deal-source.js'
import { JdPlatform, type JdPlatformOptions } from '../../../src/platforms/jd/jd.platform.js'
import {
  PlatformAuthError,
  PlatformRateLimitedError,
  PlatformRequestError,
  PlatformUnavailableError,
} from '../../../src/platforms/platform-errors.js'
import { CATEGORIES, itemKeyFromApiId, simItem, simPriceAfterCoupon } from '../../../src/simulator/catalog.js'
import { type RunningSimulator, startSimulator } from '../../../src/simulator/simulator-server.js'
import { SIM_CREDENTIALS, SimState } from '../../../src/simulator/sim-state.js'

const MAX_ATTEMPTS = 2

let sim: RunningSimulator
let jd: JdPlatform

function adapter(overrides: Partial<JdPlatformOptions> = {}): JdPlatform {
  return new JdPlatform({
    ...SIM_CREDENTIALS.jd,
    gateway: sim.gatewayUrl('jd'),
    timeoutMs: 500,
    retry: { maxAttempts: MAX_ATTEMPTS, baseDelayMs: 1, maxDelayMs: 5 },
    ...overrides,
  })
}

/** What the adapter must report for a returned sku, derived from the catalog alone. */
function expectedDeal(itemId: string): CuratedDeal {
  const itemKey = itemKeyFromApiId('jd', itemId)
  if (itemKey === undefined) throw new Error(`${itemId} is no simulator sku`)
  const item = simItem('jd', itemKey)
  const afterCoupon = simPriceAfterCoupon(item)
  const usable = item.coupon !== null && item.coupon.thresholdFen <= item.priceFen
  return {
    platform: 'jd',
    itemId: item.apiId,
    title: item.title,
    imageUrl: item.imageUrl,
    shopName: item.shopName,
    category: item.category,
    priceFen: item.priceFen,
    coupon: usable && item.coupon ? { amountFen: item.coupon.amountFen, thresholdFen: item.coupon.thresholdFen, endsAt: item.coupon.endsAt } : null,
    priceAfterCouponFen: afterCoupon,
    commissionRateBp: item.commissionRateBp,
    commissionFen: applyRateBp(afterCoupon, item.commissionRateBp),
    sales: item.monthlySales,
  }
}

const inProgram = (deal: CuratedDeal): boolean => simItem('jd', itemKeyFromApiId('jd', deal.itemId) ?? '').inProgram

beforeAll(async () => {
  // These tests are about an account granted the 高级API (goods.query, bysubunionid.get); jd-basic-tier.test.ts covers the default.
  sim = await startSimulator({ port: 0, state: new SimState({ settings: { jdTier: 'advanced' } }) })
  jd = adapter()
})

afterEach(() => sim.state.clearFaults())

afterAll(async () => {
  await sim.close()
})

describe('JdPlatform.listDeals', () => {
  it('lists 京粉 好券 deals equal to the catalog, all in the program and with a coupon', async () => {
    const page = await jd.listDeals({ pageSize: 40 })
    expect(page.hasMore).toBe(true)
    expect(page.deals.length).toBeGreaterThanOrEqual(36)
    expect(page.deals).toEqual(page.deals.map((deal) => expectedDeal(deal.itemId)))
    expect(page.deals.every(inProgram)).toBe(true)
    expect(page.deals.every((deal) => simItem('jd', deal.itemId).coupon !== null)).toBe(true)
    expect(new Set(page.deals.map((deal) => deal.commissionRateBp)).size).toBeGreaterThan(5)
  })

  it('is deterministic: the same page twice is the same deals', async () => {
    const first = await jd.listDeals({ page: 3, pageSize: 10 })
    const again = await adapter().listDeals({ page: 3, pageSize: 10 })
    expect(again).toEqual(first)
  })

  it.each(CATEGORIES.map((category) => [category]))('lists deals of %s mostly of that category', async (category) => {
    const page = await jd.listDeals({ keyword: category, pageSize: 30 })
    expect(page.deals.length).toBeGreaterThanOrEqual(25)
    const matching = page.deals.filter((deal) => deal.category === category)
    expect(matching.length / page.deals.length).toBeGreaterThanOrEqual(0.9)
    expect(page.deals).toEqual(page.deals.map((deal) => expectedDeal(deal.itemId)))
    expect(page.deals.every(inProgram)).toBe(true)
  })

  it('finds items by a product word in the title', async () => {
    const page = await jd.listDeals({ keyword: '保温杯', pageSize: 10 })
    expect(page.deals.filter((deal) => deal.title.includes('保温杯')).length).toBeGreaterThanOrEqual(8)
  })

  it.each([[undefined], ['美妆']])('pages keyword %s: different items, hasMore until page 10, then nothing', async (keyword) => {
    const first = await jd.listDeals({ keyword, page: 1, pageSize: 5 })
    const second = await jd.listDeals({ keyword, page: 2, pageSize: 5 })
    const ids = new Set([...first.deals, ...second.deals].map((deal) => deal.itemId))
    expect(ids.size).toBe(first.deals.length + second.deals.length)
    expect((await jd.listDeals({ keyword, page: 9, pageSize: 5 })).hasMore).toBe(true)
    const last = await jd.listDeals({ keyword, page: 10, pageSize: 5 })
    expect(last.hasMore).toBe(false)
    expect(last.deals.length).toBeGreaterThan(0)
    expect(await jd.listDeals({ keyword, page: 11, pageSize: 5 })).toEqual({ deals: [], hasMore: false })
  })

  it('caps the page size to what each method takes', async () => {
    expect((await jd.listDeals({ pageSize: 500 })).deals.length).toBeLessThanOrEqual(50)
    expect((await jd.listDeals({ keyword: '数码', pageSize: 500 })).deals.length).toBeLessThanOrEqual(30)
  })
})

describe('JdPlatform.listDeals failures', () => {
  it.each<[string, Partial<JdPlatformOptions>]>([
    ['a wrong secret', { secret: 'not-the-secret' }],
    ['a wrong app key', { appKey: 'someone-else' }],
  ])('fails with PlatformAuthError on %s', async (_name, overrides) => {
    await expect(adapter(overrides).listDeals({})).rejects.toThrow(PlatformAuthError)
    await expect(adapter(overrides).listDeals({ keyword: '食品' })).rejects.toThrow(PlatformAuthError)
  })

  it.each([
    ['rate-limit', PlatformRateLimitedError],
    ['unavailable', PlatformUnavailableError],
    ['http-500', PlatformUnavailableError],
  ] as const)('reports a lasting %s fault as %o', async (fault, Kind) => {
    sim.state.injectFault('jd', fault, MAX_ATTEMPTS)
    await expect(jd.listDeals({ keyword: '运动' })).rejects.toThrow(Kind)
  })

  it('gets through one throttled answer', async () => {
    sim.state.injectFault('jd', 'rate-limit', 1)
    await expect(jd.listDeals({ pageSize: 5 })).resolves.toMatchObject({ hasMore: true })
  })

  it('refuses a page that is not a positive integer before calling', async () => {
    await expect(jd.listDeals({ page: 0 })).rejects.toThrow(PlatformRequestError)
  })
})
