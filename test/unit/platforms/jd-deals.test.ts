import { describe, expect, it } from 'vitest'
import { readJdDealPage } from '../../../src/platforms/jd/jd-deal-page.js'
import { JD_JINGFEN_METHOD, jdDealRequest } from '../../../src/platforms/jd/jd-deal-request.js'
import { parseJdDeal } from '../../../src/platforms/jd/jd-deal.js'
import type { JdResult } from '../../../src/platforms/jd/jd-envelope.js'
import { PlatformRequestError, PlatformResponseError } from '../../../src/platforms/platform-errors.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const FAR = 4102444800000

/** A jingfen.query row shaped like JD's JFGoodsResp, with category and sales. */
const ROW = {
  skuId: 100012345678,
  skuName: '绿联65W快充头',
  materialUrl: 'item.jd.com/100012345678.html',
  priceInfo: { price: 99.9, lowestPrice: 89.9, lowestCouponPrice: 79.9 },
  commissionInfo: { commission: 9.99, commissionShare: 10, couponCommission: 7.99 },
  couponInfo: { couponList: [{ link: 'https://coupon.m.jd.com/x', discount: 20, quota: 99, isBest: 1, useEndTime: FAR }] },
  imageInfo: { imageList: [{ url: 'https://img14.360buyimg.com/c.jpg' }] },
  shopInfo: { shopName: '绿联京东自营旗舰店', shopId: 1000001 },
  categoryInfo: { cid1: 652, cid1Name: '数码' },
  inOrderCount30Days: 3456,
}

const deal = (raw: unknown) => {
  const outcome = parseJdDeal(raw, NOW)
  if (outcome.kind !== 'deal') throw new Error(`rejected: ${outcome.reason}`)
  return outcome.deal
}

describe(parseJdDeal.name, () => {
  it('maps a row to fen, basis points, the usable coupon and 30-day sales', () => {
    expect(deal(ROW)).toEqual({
      platform: 'jd',
      itemId: '100012345678',
      title: '绿联65W快充头',
      imageUrl: 'https://img14.360buyimg.com/c.jpg',
      shopName: '绿联京东自营旗舰店',
      category: '数码',
      priceFen: 9990,
      coupon: { amountFen: 2000, thresholdFen: 9900, endsAt: new Date(FAR) },
      priceAfterCouponFen: 7990,
      commissionRateBp: 1000,
      commissionFen: 799,
      sales: 3456,
    })
  })

  it.each<[string, Record<string, unknown>, { coupon: unknown; after: number; commission: number }]>([
    ['no coupon list', { couponInfo: null }, { coupon: null, after: 9990, commission: 999 }],
    ['an empty coupon list', { couponInfo: { couponList: [] } }, { coupon: null, after: 9990, commission: 999 }],
    [
      'a coupon whose threshold the price misses',
      { couponInfo: { couponList: [{ link: 'https://c/1', discount: 30, quota: 199, isBest: 1 }] } },
      { coupon: null, after: 9990, commission: 999 },
    ],
    [
      'an expired coupon',
      { couponInfo: { couponList: [{ link: 'https://c/1', discount: 30, quota: 0, useEndTime: NOW.getTime() - 1 }] } },
      { coupon: null, after: 9990, commission: 999 },
    ],
    [
      'two coupons, the largest without isBest',
      {
        couponInfo: {
          couponList: [
            { link: 'https://c/1', discount: 1, quota: 0 },
            { link: 'https://c/2', discount: '5.5', quota: '0' },
          ],
        },
      },
      { coupon: { amountFen: 550, thresholdFen: 0, endsAt: undefined }, after: 9440, commission: 944 },
    ],
    [
      'a coupon larger than the price',
      { priceInfo: { price: 9.9 }, couponInfo: { couponList: [{ link: 'https://c/1', discount: 10, quota: 0 }] } },
      { coupon: { amountFen: 1000, thresholdFen: 0, endsAt: undefined }, after: 0, commission: 0 },
    ],
    [
      'an odd share, rounded down on the fen',
      { priceInfo: { price: '19.99' }, commissionInfo: { commissionShare: '3.33' }, couponInfo: null },
      { coupon: null, after: 1999, commission: 66 },
    ],
    [
      'a price with a third decimal, rounded half-up',
      { priceInfo: { price: 12.345 }, commissionInfo: { commissionShare: 50 }, couponInfo: null },
      { coupon: null, after: 1235, commission: 617 },
    ],
  ])('handles %s', (_name, patch, expected) => {
    const result = deal({ ...ROW, ...patch })
    expect(result.coupon).toEqual(expected.coupon)
    expect(result.priceAfterCouponFen).toBe(expected.after)
    expect(result.commissionFen).toBe(expected.commission)
  })

  it.each<[string, Record<string, unknown>, Partial<Record<string, unknown>>]>([
    [
      'no category, shop, image or sales',
      { categoryInfo: undefined, shopInfo: null, imageInfo: null, inOrderCount30Days: undefined },
      { category: undefined, shopName: undefined, imageUrl: undefined, sales: 0 },
    ],
    ['a blank category name', { categoryInfo: { cid1Name: ' ' } }, { category: undefined }],
    ['a sku as a string', { skuId: '100012345678' }, { itemId: '100012345678' }],
  ])('tolerates %s', (_name, patch, expected) => {
    expect(deal({ ...ROW, ...patch })).toMatchObject(expected)
  })

  it.each<[string, unknown]>([
    ['not an object', 'sku'],
    ['null', null],
    ['no sku', { ...ROW, skuId: undefined }],
    ['a sku that is no number', { ...ROW, skuId: 'abc' }],
    ['no title', { ...ROW, skuName: undefined }],
    ['a price in exponent notation', { ...ROW, priceInfo: { price: '1e2' } }],
    ['a negative price', { ...ROW, priceInfo: { price: -1 } }],
    ['a zero price', { ...ROW, priceInfo: { price: 0 } }],
    ['no commission info', { ...ROW, commissionInfo: undefined }],
    ['a share over 100%', { ...ROW, commissionInfo: { commissionShare: 120 } }],
    ['negative sales', { ...ROW, inOrderCount30Days: -3 }],
    ['a coupon without link', { ...ROW, couponInfo: { couponList: [{ discount: 5, quota: 0 }] } }],
  ])('rejects a row with %s, with a reason', (_name, raw) => {
    expect(parseJdDeal(raw, NOW)).toEqual({ kind: 'rejected', reason: expect.any(String) })
  })
})

const result = (data: unknown, extra: Partial<JdResult> = {}): JdResult => ({ code: 200, message: 'success', data, ...extra })
const context = { pageIndex: 1, pageSize: 3, now: NOW }

describe(readJdDealPage.name, () => {
  it('keeps the good rows, skips bad ones and repeated skus', () => {
    const page = readJdDealPage(
      JD_JINGFEN_METHOD,
      result([ROW, { ...ROW, skuId: 'x' }, { ...ROW, skuId: 2 }, ROW], { hasMore: true }),
      context,
    )
    expect(page.deals.map((d) => d.itemId)).toEqual(['100012345678', '2'])
    expect(page.rejected).toHaveLength(1)
    expect(page.hasMore).toBe(true)
  })

  it.each<[string, Partial<JdResult>, number, boolean]>([
    ['JD says no more', { hasMore: false, totalCount: 100 }, 3, false],
    ['totalCount beyond this page', { totalCount: 4 }, 3, true],
    ['totalCount reached', { totalCount: 3 }, 3, false],
    ['no flag and a full page', {}, 3, true],
    ['no flag and a short page', {}, 2, false],
  ])('judges hasMore from %s', (_name, extra, rows, hasMore) => {
    const data = Array.from({ length: rows }, (_, i) => ({ ...ROW, skuId: i + 1 }))
    expect(readJdDealPage(JD_JINGFEN_METHOD, result(data, extra), context).hasMore).toBe(hasMore)
  })

  it.each([null, undefined])('reads %s data as an empty page', (data) => {
    expect(readJdDealPage(JD_JINGFEN_METHOD, result(data, { hasMore: false }), context)).toEqual({
      deals: [],
      hasMore: false,
      rejected: [],
    })
  })

  it('refuses data that is not a list', () => {
    expect(() => readJdDealPage(JD_JINGFEN_METHOD, result({ skuId: 1 }), context)).toThrow(PlatformResponseError)
  })
})

describe(jdDealRequest.name, () => {
  it.each<[string, Parameters<typeof jdDealRequest>[0], Record<string, unknown>]>([
    ['no keyword: 好券 jingfen', {}, { goodsReq: { eliteId: 1, pageIndex: 1, pageSize: 20 } }],
    ['a blank keyword as none', { keyword: '  ', page: 2, pageSize: 80 }, { goodsReq: { eliteId: 1, pageIndex: 2, pageSize: 50 } }],
    ['a keyword: goods.query with coupons', { keyword: ' 数码 ', pageSize: 10 }, { goodsReqDTO: { keyword: '数码', pageIndex: 1, pageSize: 10, isCoupon: 1 } }],
    ['a keyword page size capped at 30', { keyword: '保温杯', pageSize: 50 }, { goodsReqDTO: { keyword: '保温杯', pageIndex: 1, pageSize: 30, isCoupon: 1 } }],
  ])('builds %s', (_name, query, businessParams) => {
    expect(jdDealRequest(query).businessParams).toEqual(businessParams)
  })

  it.each([{ page: 0 }, { page: 1.5 }, { pageSize: 0 }, { pageSize: Number.NaN }])('refuses %o', (query) => {
    expect(() => jdDealRequest(query)).toThrow(PlatformRequestError)
  })
})
