import { describe, expect, it } from 'vitest'
import { fetchPddDealPage } from '../../../src/platforms/pdd/pdd-deal-page.js'
import { parsePddDeal } from '../../../src/platforms/pdd/pdd-deal.js'
import type { PddBusinessParams } from '../../../src/platforms/pdd/pdd-request.js'
import { parsePddSalesTip } from '../../../src/platforms/pdd/pdd-sales-tip.js'
import { setLogSink } from '../../../src/shared/log.js'

const NOW = new Date('2026-03-01T00:00:00Z')
const NOW_S = Math.floor(NOW.getTime() / 1000)

/** A goods.search entry as PDD sends it (fields abbreviated). */
const RAW = {
  goods_sign: 'c9r2omogKFFAc7WBwvbZU1ikIb16_J3CTa8HNN',
  goods_name: '蓝牙耳机',
  goods_thumbnail_url: 'https://t00img.yangkeduo.com/goods/images/x.jpeg',
  min_group_price: 5990,
  min_normal_price: 6990,
  has_coupon: true,
  coupon_discount: 1000,
  coupon_min_order_amount: 5000,
  coupon_start_time: NOW_S - 86_400,
  coupon_end_time: NOW_S + 86_400,
  promotion_rate: 200,
  mall_name: '绿联官方旗舰店',
  opt_id: 2,
  opt_name: '数码',
  sales_tip: '1.2万+',
  search_id: 'abc',
}

describe(parsePddSalesTip.name, () => {
  it.each([
    ['1234', 1234],
    ['1.2万', 12_000],
    ['1.2万+', 12_000],
    ['10万+', 100_000],
    ['1.15万', 11_500],
    ['已拼3.5万件', 35_000],
    ['5000+', 5000],
    ['2.5k', 2500],
    ['1亿+', 100_000_000],
    ['0', 0],
    ['', 0],
    ['热销中', 0],
    [null, 0],
    [undefined, 0],
  ])('%s → %d', (tip, expected) => {
    expect(parsePddSalesTip(tip)).toBe(expected)
  })
})

describe(parsePddDeal.name, () => {
  it('maps an entry to fen, basis points and sales', () => {
    expect(parsePddDeal(RAW, NOW)).toEqual({
      deal: {
        platform: 'pdd',
        itemId: RAW.goods_sign,
        title: '蓝牙耳机',
        imageUrl: RAW.goods_thumbnail_url,
        shopName: '绿联官方旗舰店',
        category: '数码',
        priceFen: 5990,
        coupon: { amountFen: 1000, thresholdFen: 5000, endsAt: new Date((NOW_S + 86_400) * 1000) },
        priceAfterCouponFen: 4990,
        commissionRateBp: 2000,
        commissionFen: 998,
        sales: 12_000,
      },
    })
  })

  it.each([
    ['an unmet threshold keeps the coupon but not the discount', { coupon_min_order_amount: 6000 }, { coupon: 1000, after: 5990, rate: 2000, commission: 1198 }],
    ['a threshold equal to the price applies', { coupon_min_order_amount: 5990 }, { coupon: 1000, after: 4990, rate: 2000, commission: 998 }],
    ['a 无门槛 coupon', { coupon_min_order_amount: 0 }, { coupon: 1000, after: 4990, rate: 2000, commission: 998 }],
    ['has_coupon false', { has_coupon: false }, { coupon: null, after: 5990, rate: 2000, commission: 1198 }],
    ['an ended coupon', { coupon_end_time: NOW_S - 1 }, { coupon: null, after: 5990, rate: 2000, commission: 1198 }],
    ['a zero discount', { coupon_discount: 0 }, { coupon: null, after: 5990, rate: 2000, commission: 1198 }],
    ['a coupon above the price floors at 0', { min_group_price: 800, coupon_min_order_amount: 0 }, { coupon: 1000, after: 0, rate: 2000, commission: 0 }],
    ['a fractional ‰ rate', { promotion_rate: 15.5 }, { coupon: 1000, after: 4990, rate: 155, commission: 77 }],
    ['a 1 fen price', { min_group_price: 1, has_coupon: false }, { coupon: null, after: 1, rate: 2000, commission: 0 }],
    ['commission rounded down', { min_group_price: 1999, has_coupon: false, promotion_rate: 333 }, { coupon: null, after: 1999, rate: 3330, commission: 665 }],
  ])('%s', (_label, overrides, expected) => {
    const parsed = parsePddDeal({ ...RAW, ...overrides }, NOW)
    if (!('deal' in parsed)) throw new Error(parsed.rejected)
    const { deal } = parsed
    expect(deal.coupon?.amountFen ?? null).toBe(expected.coupon)
    expect(deal.priceAfterCouponFen).toBe(expected.after)
    expect(deal.commissionRateBp).toBe(expected.rate)
    expect(deal.commissionFen).toBe(expected.commission)
  })

  it.each([
    ['category_name when opt_name is absent', { opt_name: undefined, category_name: '食品' }, '食品'],
    ['no category at all', { opt_name: null }, undefined],
    ['an empty opt_name', { opt_name: '' }, undefined],
  ])('category from %s', (_label, overrides, expected) => {
    const parsed = parsePddDeal({ ...RAW, ...overrides }, NOW)
    expect('deal' in parsed && parsed.deal.category).toBe(expected)
  })

  it('treats an unreadable sales_tip and missing optional fields as unknown', () => {
    const { goods_sign, goods_name, min_group_price, promotion_rate } = RAW
    const parsed = parsePddDeal({ goods_sign, goods_name, min_group_price, promotion_rate, sales_tip: '爆款' }, NOW)
    expect(parsed).toMatchObject({ deal: { coupon: null, sales: 0, imageUrl: undefined, shopName: undefined, category: undefined } })
  })

  it('reads money and rates sent as digit strings like numbers', () => {
    const asText = { ...RAW, min_group_price: String(RAW.min_group_price), promotion_rate: String(RAW.promotion_rate), coupon_discount: String(RAW.coupon_discount) }
    expect(parsePddDeal(asText, NOW)).toEqual(parsePddDeal(RAW, NOW))
  })

  it.each([
    ['null', null],
    ['a string', 'goods'],
    ['no goods_sign', { ...RAW, goods_sign: undefined }],
    ['an empty goods_sign', { ...RAW, goods_sign: '' }],
    ['a price in yuan text', { ...RAW, min_group_price: '59.90' }],
    ['a fractional fen price', { ...RAW, min_group_price: 59.9 }],
    ['a negative price', { ...RAW, min_group_price: -1 }],
    ['a negative rate', { ...RAW, promotion_rate: -5 }],
    ['a coupon_discount as decimal text', { ...RAW, coupon_discount: '10.00' }],
    ['a coupon_discount as words', { ...RAW, coupon_discount: '十元' }],
  ])('rejects %s', (_label, raw) => {
    expect(parsePddDeal(raw, NOW)).toHaveProperty('rejected')
  })
})

describe(fetchPddDealPage.name, () => {
  const answer = (result: Record<string, unknown>) => {
    const calls: { method: string; params: PddBusinessParams }[] = []
    const call = (method: string, params: PddBusinessParams) => {
      calls.push({ method, params })
      return Promise.resolve({ goods_search_response: result })
    }
    return { call, calls }
  }

  it('skips bad entries and keeps the good ones, in order', async () => {
    const lines: string[] = []
    setLogSink((line) => lines.push(line))
    const { call } = answer({ goods_list: [RAW, { ...RAW, goods_sign: 7 }, null, { ...RAW, goods_sign: 'second' }], total_count: 40 })
    const page = await fetchPddDealPage(call, '1_2', { keyword: '数码', page: 1, pageSize: 4 }, NOW)
    setLogSink((line) => process.stderr.write(line + '\n'))
    expect(page.deals.map((d) => d.itemId)).toEqual([RAW.goods_sign, 'second'])
    expect(page.hasMore).toBe(true)
    expect(lines.filter((line) => line.includes('WARN') && line.includes('[pdd-deals]'))).toHaveLength(2)
  })

  it.each([
    ['more beyond this page', { page: 2, pageSize: 10 }, { goods_list: [RAW], total_count: 30 }, true],
    ['more beyond this page, the count as text', { page: 2, pageSize: 10 }, { goods_list: [RAW], total_count: '30' }, true],
    ['the last page by total_count', { page: 3, pageSize: 10 }, { goods_list: [RAW], total_count: 30 }, false],
    ['an empty page despite the count', { page: 2, pageSize: 10 }, { goods_list: [], total_count: 100 }, false],
    ['no count, a full page', { page: 1, pageSize: 10 }, { goods_list: Array.from({ length: 10 }, () => RAW) }, true],
    ['no count, a short page', { page: 1, pageSize: 10 }, { goods_list: [RAW] }, false],
    ['no goods_list at all', { page: 1, pageSize: 10 }, { goods_list: null }, false],
    ['an empty object for goods_list', { page: 1, pageSize: 10 }, { goods_list: {} }, false],
  ])('hasMore with %s', async (_label, query, result, expected) => {
    const page = await fetchPddDealPage(answer(result).call, '1_2', query, NOW)
    expect(page.hasMore).toBe(expected)
  })

  it.each([
    ['defaults', {}, { pid: '1_2', keyword: undefined, page: 1, page_size: 20 }],
    ['a blank keyword is the general selection', { keyword: '  ' }, { keyword: undefined }],
    ['a keyword, trimmed', { keyword: ' 美妆 ' }, { keyword: '美妆' }],
    ['a page size above PDD’s cap', { pageSize: 500 }, { page_size: 100 }],
    // goods.search refuses page_size outside 10–100 ("pageSize的取值范围是10-100").
    ['a page size below PDD’s floor', { pageSize: 4 }, { page_size: 10 }],
    ['a page size below 1', { pageSize: 0 }, { page_size: 10 }],
  ])('asks goods.search with %s', async (_label, query, expected) => {
    const { call, calls } = answer({ goods_list: [] })
    await fetchPddDealPage(call, '1_2', query, NOW)
    expect(calls[0]?.method).toBe('pdd.ddk.goods.search')
    expect(calls[0]?.params).toMatchObject(expected)
  })

  it('refuses a page below 1 without calling', async () => {
    const { call, calls } = answer({ goods_list: [] })
    await expect(fetchPddDealPage(call, '1_2', { page: 0 }, NOW)).rejects.toThrow(/page/)
    expect(calls).toHaveLength(0)
  })

  it('reports an answer without goods_search_response as a bad shape', async () => {
    const call = () => Promise.resolve({ something_else: {} })
    await expect(fetchPddDealPage(call, '1_2', {}, NOW)).rejects.toThrow(/goods_search_response/)
  })
})
