import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { applyRateBp } from '../../../src/money/fen.js'
import type { CuratedDeal } from '../../../src/platforms/deal-source.js'
import {
  PlatformAuthError,
  PlatformRateLimitedError,
  PlatformRequestError,
  PlatformUnavailableError,
} from '../../../src/platforms/platform-errors.js'
import { PddPlatform, type PddPlatformOptions } from '../../../src/platforms/pdd/pdd.platform.js'
import { CATEGORIES, itemKeyFromApiId, type SimItem, simItem, simPriceAfterCoupon } from '../../../src/simulator/catalog.js'
import { SIM_CREDENTIALS } from '../../../src/simulator/sim-state.js'
import { type RunningSimulator, startSimulator } from '../../../src/simulator/simulator-server.js'

const PID = '1949211_49329093'
const RETRY = { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 }

let sim: RunningSimulator
let pdd: PddPlatform

function adapter(overrides: Partial<PddPlatformOptions> = {}): PddPlatform {
  return new PddPlatform({ ...SIM_CREDENTIALS.pdd, pid: PID, gateway: sim.gatewayUrl('pdd'), timeoutMs: 500, retry: RETRY, ...overrides })
}

function catalogItemOf(deal: CuratedDeal): SimItem {
  const key = itemKeyFromApiId('pdd', deal.itemId)
  if (key === undefined) throw new Error(`${deal.itemId} is not a simulator goods_sign`)
  return simItem('pdd', key)
}

/** sales_tip shows sales from 10000 up as "1.2万+": one decimal of 万, so within 500 of the catalog's. */
function expectSalesNear(reported: number, sales: number): void {
  if (sales < 10_000) expect(reported).toBe(sales)
  else expect(Math.abs(reported - sales)).toBeLessThanOrEqual(500)
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 })
  pdd = adapter()
})

afterAll(async () => {
  await sim.close()
})

afterEach(() => {
  sim.state.clearFaults()
})

describe('PddPlatform.listDeals against the simulator', () => {
  it.each(CATEGORIES.map((c) => [c]))('a %s page is mostly that category', async (category) => {
    const page = await pdd.listDeals({ keyword: category, pageSize: 20 })
    expect(page.deals.length).toBeGreaterThanOrEqual(18)
    const inCategory = page.deals.filter((d) => d.category === category && catalogItemOf(d).category === category)
    expect(inCategory.length / page.deals.length).toBeGreaterThanOrEqual(0.9)
  })

  it('quotes every deal exactly as the catalog holds it, and only in-program goods', async () => {
    const deals = [
      ...(await pdd.listDeals({ pageSize: 50 })).deals,
      ...(await pdd.listDeals({ keyword: '美妆', page: 2, pageSize: 50 })).deals,
    ]
    expect(deals.length).toBeGreaterThan(90)
    for (const deal of deals) {
      const item = catalogItemOf(deal)
      const after = simPriceAfterCoupon(item)
      expect(item.inProgram).toBe(true)
      expect(deal).toMatchObject({
        platform: 'pdd',
        itemId: item.apiId,
        title: item.title,
        imageUrl: item.imageUrl,
        shopName: item.shopName,
        category: item.category,
        priceFen: item.priceFen,
        priceAfterCouponFen: after,
        commissionRateBp: item.commissionRateBp,
        commissionFen: applyRateBp(after, item.commissionRateBp),
      })
      expectSalesNear(deal.sales, item.monthlySales)
      expect(deal.coupon && { amountFen: deal.coupon.amountFen, thresholdFen: deal.coupon.thresholdFen }).toEqual(
        item.coupon && { amountFen: item.coupon.amountFen, thresholdFen: item.coupon.thresholdFen },
      )
    }
  })

  it('has the variety scoring needs: with and without coupons, several rates and sales', async () => {
    const { deals } = await pdd.listDeals({ pageSize: 60 })
    expect(deals.some((d) => d.coupon === null)).toBe(true)
    expect(deals.some((d) => d.coupon !== null && d.priceAfterCouponFen < d.priceFen)).toBe(true)
    expect(new Set(deals.map((d) => d.commissionRateBp)).size).toBeGreaterThan(5)
    expect(new Set(deals.map((d) => d.sales)).size).toBeGreaterThan(10)
  })

  it('answers the same page the same way, and different pages differently', async () => {
    const first = await pdd.listDeals({ keyword: '数码', page: 1, pageSize: 10 })
    const again = await pdd.listDeals({ keyword: '数码', page: 1, pageSize: 10 })
    const second = await pdd.listDeals({ keyword: '数码', page: 2, pageSize: 10 })
    expect(again).toEqual(first)
    const firstIds = new Set(first.deals.map((d) => d.itemId))
    expect(second.deals.filter((d) => firstIds.has(d.itemId))).toEqual([])
  })

  it('pages up to 10 pages, then reports no more', async () => {
    const seen: boolean[] = []
    for (let page = 1; page <= 11; page++) {
      const result = await pdd.listDeals({ keyword: '保温杯', page, pageSize: 5 })
      seen.push(result.hasMore)
      if (page === 11) expect(result.deals).toEqual([])
      else expect(result.deals.length).toBeGreaterThan(0)
    }
    expect(seen).toEqual([true, true, true, true, true, true, true, true, true, false, false])
  })

  it('favours titles that contain a free keyword', async () => {
    const { deals } = await pdd.listDeals({ keyword: '保温杯', pageSize: 20 })
    expect(deals.filter((d) => d.title.includes('保温杯')).length).toBeGreaterThanOrEqual(15)
  })

  it('goods.search by goods_sign_list still quotes exactly those goods', async () => {
    const { deals } = await pdd.listDeals({ pageSize: 2 })
    const signs = deals.map((d) => d.itemId)
    const result = await pdd.searchGoods(signs)
    expect(result.goods.map((g) => g.goodsSign)).toEqual(signs)
  })
})

describe('pdd.ddk.goods.search by keyword on the simulator', () => {
  const goodsOf = async (params: Record<string, string | number | boolean>) => {
    const body = await pdd.call('pdd.ddk.goods.search', { pid: PID, ...params })
    const result = body.goods_search_response as { goods_list: Record<string, unknown>[]; list_id: string; total_count: number }
    return result
  }

  it('honours with_coupon', async () => {
    const result = await goodsOf({ keyword: '食品', page_size: 30, with_coupon: true })
    expect(result.goods_list.length).toBe(30)
    expect(result.goods_list.every((g) => g.has_coupon === true)).toBe(true)
  })

  it.each([
    [2, 'commission rate, highest first', (i: SimItem) => -i.commissionRateBp],
    [6, 'sales, highest first', (i: SimItem) => -i.monthlySales],
    [9, 'price after coupon, lowest first', (i: SimItem) => simPriceAfterCoupon(i)],
  ] as const)('sort_type %d orders the page by %s', async (sortType, _label, rank) => {
    const result = await goodsOf({ keyword: '运动', page_size: 30, sort_type: sortType })
    const ranks = result.goods_list.map((g) => {
      const key = itemKeyFromApiId('pdd', String(g.goods_sign))
      if (key === undefined) throw new Error(`unknown goods_sign ${String(g.goods_sign)}`)
      return rank(simItem('pdd', key))
    })
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
  })

  it('keeps list_id across the pages of one search', async () => {
    const one = await goodsOf({ keyword: '母婴', page: 1, page_size: 10 })
    const two = await goodsOf({ keyword: '母婴', page: 2, page_size: 10, list_id: one.list_id })
    expect(two.list_id).toBe(one.list_id)
    expect(one.total_count).toBe(100)
  })

  it.each([
    ['a missing pid', { pid: '' }],
    ['page 0', { page: 0 }],
    ['page_size over 100', { page_size: 101 }],
    ['with_coupon in upper case', { with_coupon: 'TRUE' }],
    ['a sort_type out of range', { sort_type: 99 }],
  ])('rejects %s as a request error', async (_label, params) => {
    await expect(pdd.call('pdd.ddk.goods.search', { pid: PID, keyword: '美妆', ...params })).rejects.toThrow(PlatformRequestError)
  })
})

describe('PddPlatform.listDeals failures', () => {
  it('a wrong secret is a PlatformAuthError', async () => {
    await expect(adapter({ secret: 'wrong' }).listDeals({ keyword: '美妆' })).rejects.toThrow(PlatformAuthError)
  })

  it('a wrong client_id is a PlatformAuthError', async () => {
    await expect(adapter({ appKey: 'nobody' }).listDeals({})).rejects.toThrow(PlatformAuthError)
  })

  it.each([
    ['rate-limit', PlatformRateLimitedError],
    ['unavailable', PlatformUnavailableError],
    ['http-500', PlatformUnavailableError],
  ] as const)('a persistent %s fault is typed', async (fault, errorClass) => {
    sim.state.injectFault('pdd', fault, RETRY.maxAttempts)
    await expect(pdd.listDeals({ keyword: '美妆' })).rejects.toThrow(errorClass)
  })

  it('one rate-limit fault is retried away', async () => {
    sim.state.injectFault('pdd', 'rate-limit', 1)
    const page = await pdd.listDeals({ keyword: '美妆', pageSize: 5 })
    expect(page.deals.length).toBeGreaterThan(0)
  })
})
