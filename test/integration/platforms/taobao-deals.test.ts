import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { applyRateBp } from '../../../src/money/fen.js'
import type { CuratedDeal } from '../../../src/platforms/deal-source.js'
import {
  PlatformAuthError,
  PlatformRateLimitedError,
  PlatformRequestError,
  PlatformResponseError,
  PlatformUnavailableError,
} from '../../../src/platforms/platform-errors.js'
import { MATERIAL_SEARCH_METHOD } from '../../../src/platforms/taobao/taobao-deal-page.js'
import { TaobaoPlatform, type TaobaoPlatformOptions } from '../../../src/platforms/taobao/taobao.platform.js'
import { CATEGORIES, itemKeyFromApiId, simItem, simPriceAfterCoupon, type SimItem } from '../../../src/simulator/catalog.js'
import { SIM_CREDENTIALS } from '../../../src/simulator/sim-state.js'
import { startSimulator, type RunningSimulator } from '../../../src/simulator/simulator-server.js'

const RETRY = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 }

let sim: RunningSimulator

function platform(overrides: Partial<TaobaoPlatformOptions> = {}): TaobaoPlatform {
  return new TaobaoPlatform({
    ...SIM_CREDENTIALS.taobao,
    gateway: sim.gatewayUrl('taobao'),
    timeoutMs: 500,
    retry: RETRY,
    adzoneId: '109876543210',
    signMethod: 'md5',
    ...overrides,
  })
}

function catalogItemOf(deal: CuratedDeal): SimItem {
  const key = itemKeyFromApiId('taobao', deal.itemId)
  if (key === undefined) throw new Error(`not a simulator id: ${deal.itemId}`)
  return simItem('taobao', key)
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 })
})

afterAll(async () => {
  await sim.close()
})

afterEach(() => {
  sim.state.clearFaults()
})

describe('TaobaoPlatform.listDeals against the simulator', () => {
  it.each(CATEGORIES)('serves mostly %s deals for that category', async (category) => {
    const { deals, hasMore } = await platform().listDeals({ keyword: category, pageSize: 40 })
    expect(deals.length).toBeGreaterThanOrEqual(36)
    expect(deals.filter((deal) => deal.category === category).length).toBeGreaterThanOrEqual(deals.length * 0.9)
    expect(hasMore).toBe(true)
  })

  it('quotes every deal exactly as the catalog has it, never an out-of-program item', async () => {
    const { deals } = await platform().listDeals({ pageSize: 100 })
    expect(deals).toHaveLength(100)
    for (const deal of deals) {
      const item = catalogItemOf(deal)
      expect(item.inProgram).toBe(true)
      const after = simPriceAfterCoupon(item)
      expect(deal).toEqual({
        platform: 'taobao',
        itemId: item.apiId,
        title: item.title,
        imageUrl: item.imageUrl,
        shopName: item.shopName,
        category: item.category,
        priceFen: item.priceFen,
        coupon: item.coupon && { amountFen: item.coupon.amountFen, thresholdFen: item.coupon.thresholdFen, endsAt: item.coupon.endsAt },
        priceAfterCouponFen: after,
        commissionRateBp: item.commissionRateBp,
        commissionFen: applyRateBp(after, item.commissionRateBp),
        sales: item.monthlySales,
      })
    }
  })

  it('has enough variety for scoring: coupons and none, several rates and sales', async () => {
    const { deals } = await platform().listDeals({ keyword: '数码', pageSize: 50 })
    expect(deals.some((deal) => deal.coupon === null)).toBe(true)
    expect(deals.some((deal) => deal.coupon !== null)).toBe(true)
    expect(new Set(deals.map((deal) => deal.commissionRateBp)).size).toBeGreaterThan(5)
    expect(new Set(deals.map((deal) => deal.sales)).size).toBeGreaterThan(5)
  })

  it('pages deterministically: the same page twice, other ids on the next, none after page 10', async () => {
    const query = { keyword: '保温杯', pageSize: 10 }
    const first = await platform().listDeals({ ...query, page: 1 })
    const again = await platform().listDeals({ ...query, page: 1 })
    const second = await platform().listDeals({ ...query, page: 2 })
    expect(again).toEqual(first)
    const firstIds = new Set(first.deals.map((deal) => deal.itemId))
    expect(second.deals.some((deal) => !firstIds.has(deal.itemId))).toBe(true)
    expect(first.deals.filter((deal) => deal.title.includes('保温杯')).length).toBeGreaterThan(5)
    expect((await platform().listDeals({ ...query, page: 9 })).hasMore).toBe(true)
    const last = await platform().listDeals({ ...query, page: 10 })
    expect(last.deals.length).toBeGreaterThan(0)
    expect(last.hasMore).toBe(false)
    expect(await platform().listDeals({ ...query, page: 11 })).toEqual({ deals: [], hasMore: false })
  })

  it('answers the general selection and a keyword with different lists', async () => {
    const general = await platform().listDeals({})
    const keyword = await platform().listDeals({ keyword: '美妆' })
    expect(general.deals).toHaveLength(20)
    expect(general.deals.map((deal) => deal.itemId)).not.toEqual(keyword.deals.map((deal) => deal.itemId))
  })

  it('serves the default material 80309 when neither q nor material_id is given (official SDK doc)', async () => {
    const bare = await platform().call(MATERIAL_SEARCH_METHOD, { adzone_id: '109876543210' })
    const general = await platform().call(MATERIAL_SEARCH_METHOD, { adzone_id: '109876543210', material_id: '80309' })
    expect(bare).toEqual({ ...general, request_id: bare.request_id })
  })

  it('honours has_coupon and sort on the raw API', async () => {
    const root = await platform().call(MATERIAL_SEARCH_METHOD, {
      adzone_id: '109876543210',
      q: '食品',
      has_coupon: true,
      sort: 'tk_rate_des',
      page_size: 30,
    })
    const rows = (root.result_list as { map_data: Array<{ publish_info: { income_rate: string; coupon_share_url?: string } }> }).map_data
    expect(rows).toHaveLength(30)
    expect(rows.every((row) => row.publish_info.coupon_share_url?.startsWith('//uland.taobao.com/'))).toBe(true)
    const rates = rows.map((row) => Number(row.publish_info.income_rate))
    expect(rates).toEqual([...rates].sort((a, b) => b - a))
  })

  it.each<[string, Record<string, string | number>]>([
    ['no adzone_id', { q: '美妆' }],
    ['page_size over 100', { adzone_id: '1', q: '美妆', page_size: 101 }],
    ['page_no 0', { adzone_id: '1', q: '美妆', page_no: 0 }],
  ])('refuses %s as a request error', async (_name, business) => {
    await expect(platform().call(MATERIAL_SEARCH_METHOD, business)).rejects.toBeInstanceOf(PlatformRequestError)
  })
})

describe('TaobaoPlatform.listDeals failures', () => {
  it('fails a wrong secret with PlatformAuthError and no retry', async () => {
    let sleeps = 0
    const retry = { ...RETRY, sleep: async () => void sleeps++ }
    await expect(platform({ secret: 'not-the-secret', retry }).listDeals({ keyword: '美妆' })).rejects.toMatchObject({
      name: PlatformAuthError.name,
      code: 25,
    })
    expect(sleeps).toBe(0)
  })

  it('retries through one rate-limit answer', async () => {
    sim.state.injectFault('taobao', 'rate-limit', 1)
    expect((await platform().listDeals({ keyword: '美妆' })).deals.length).toBeGreaterThan(0)
  })

  it.each<[string, 'rate-limit' | 'unavailable' | 'http-500' | 'not-json', abstract new (...args: never[]) => Error]>([
    ['rate-limit', 'rate-limit', PlatformRateLimitedError],
    ['unavailable', 'unavailable', PlatformUnavailableError],
    ['http-500', 'http-500', PlatformUnavailableError],
    ['not-json', 'not-json', PlatformResponseError],
  ])('gives up on a lasting %s fault with the typed error', async (_name, fault, errorClass) => {
    sim.state.injectFault('taobao', fault, 5)
    await expect(platform().listDeals({ keyword: '美妆' })).rejects.toBeInstanceOf(errorClass)
  })
})
