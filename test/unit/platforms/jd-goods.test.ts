import { describe, expect, it } from 'vitest'
import { bestJdCoupon, GoodsListSchema, type JdCoupon, type JdGoods } from '../../../src/platforms/jd/jd-goods.js'

/** A goods.query row shaped like JD's (E5 json-def), with a few fields as strings as some answers carry. */
const ROW = {
  skuId: 26898778009,
  skuName: '小米充电宝 20000mAh',
  materialUrl: 'item.jd.com/26898778009.html',
  owner: 'g',
  priceInfo: { price: 129, lowestPrice: 119, lowestCouponPrice: 99 },
  commissionInfo: { commission: 6.45, commissionShare: 5.5, couponCommission: 5.45, isLock: 0 },
  couponInfo: {
    couponList: [
      { link: 'https://coupon.m.jd.com/a', discount: '20', quota: 99, isBest: 1, useStartTime: 1700000000000, useEndTime: '4102444800000' },
      { link: 'https://coupon.m.jd.com/b', discount: 5, quota: 0, isBest: 0 },
    ],
  },
  imageInfo: { imageList: [{ url: 'https://img14.360buyimg.com/a.jpg' }, { url: 'https://img14.360buyimg.com/b.jpg' }] },
  shopInfo: { shopName: '小米京东自营旗舰店', shopId: 1000004123 },
  inOrderCount30Days: 12000,
}

describe('GoodsListSchema', () => {
  it('maps a row to fen and basis points', () => {
    const [goods] = GoodsListSchema.parse([ROW])
    expect(goods).toEqual({
      id: '26898778009',
      skuId: '26898778009',
      unionItemId: undefined,
      title: '小米充电宝 20000mAh',
      materialUrl: 'item.jd.com/26898778009.html',
      imageUrl: 'https://img14.360buyimg.com/a.jpg',
      shopName: '小米京东自营旗舰店',
      priceFen: 12900,
      commissionRateBp: 550,
      coupons: [
        { link: 'https://coupon.m.jd.com/a', amountFen: 2000, thresholdFen: 9900, endsAt: new Date(4102444800000), isBest: true },
        { link: 'https://coupon.m.jd.com/b', amountFen: 500, thresholdFen: 0, endsAt: undefined, isBest: false },
      ],
      monthlySales: 12000,
    })
  })

  it.each([null, undefined, []])('reads %s data as no items', (data) => {
    expect(GoodsListSchema.parse(data)).toEqual([])
  })

  it('keys a row by its sku and keeps the 联盟商品ID beside it (rise-worlds/jos api/union/goods/query.go)', () => {
    const [goods] = GoodsListSchema.parse([{ ...ROW, itemId: 'VgDXlT9hVVVmDDiCbofTFhV7_VIfTFhV7VVyGGPNs' }])
    expect(goods).toMatchObject({ id: '26898778009', skuId: '26898778009', unionItemId: 'VgDXlT9hVVVmDDiCbofTFhV7_VIfTFhV7VVyGGPNs' })
  })

  it.each([0, '', undefined])('keys a row whose skuId is %j by its itemId', (skuId) => {
    const [goods] = GoodsListSchema.parse([{ ...ROW, skuId, itemId: 'Q9Z2ZdyM' }])
    expect(goods).toMatchObject({ id: 'Q9Z2ZdyM', skuId: undefined, unionItemId: 'Q9Z2ZdyM' })
  })

  it('unwraps a list wrapped in one key, as the docs\' examples show it', () => {
    expect(GoodsListSchema.parse({ goodsResp: [ROW] })).toHaveLength(1)
  })

  it.each([
    ['a price that is not a number', { ...ROW, priceInfo: { price: 'abc' } }],
    ['a negative share', { ...ROW, commissionInfo: { commissionShare: -1 } }],
    ['neither sku nor itemId', { ...ROW, skuId: undefined }],
  ])('rejects %s', (_name, row) => {
    expect(GoodsListSchema.safeParse([row]).success).toBe(false)
  })
})

const NOW = new Date('2026-06-01T00:00:00Z')
const coupon = (link: string, amountFen: number, thresholdFen: number, extra: Partial<JdCoupon> = {}): JdCoupon => ({
  link,
  amountFen,
  thresholdFen,
  isBest: false,
  endsAt: undefined,
  ...extra,
})
const goodsWith = (coupons: JdCoupon[]): JdGoods => ({
  id: '1',
  skuId: '1',
  unionItemId: undefined,
  title: 't',
  materialUrl: undefined,
  imageUrl: undefined,
  shopName: undefined,
  priceFen: 10000,
  commissionRateBp: 100,
  coupons,
  monthlySales: undefined,
})

describe(bestJdCoupon.name, () => {
  it.each<[string, JdCoupon[], string | null]>([
    ['none', [], null],
    ['JD marks the best one', [coupon('big', 3000, 0), coupon('best', 1000, 0, { isBest: true })], 'best'],
    ['else the largest discount', [coupon('small', 500, 0), coupon('big', 2000, 5000)], 'big'],
    ['threshold not met is skipped', [coupon('small', 500, 0), coupon('high', 5000, 20000, { isBest: true })], 'small'],
    ['expired is skipped', [coupon('old', 5000, 0, { isBest: true, endsAt: new Date('2026-05-01') })], null],
    ['threshold equal to the price is met', [coupon('edge', 800, 10000)], 'edge'],
  ])('%s', (_name, coupons, expected) => {
    expect(bestJdCoupon(goodsWith(coupons), NOW)?.link ?? null).toBe(expected)
  })
})
