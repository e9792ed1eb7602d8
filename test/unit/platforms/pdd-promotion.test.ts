import { describe, expect, it } from 'vitest'
import { LinkNotResolvableError, PlatformRequestError } from '../../../src/platforms/platform-errors.js'
import { pddCustomParameters } from '../../../src/platforms/pdd/pdd-custom-parameters.js'
import { pddGoodsSchema, toPddGoods } from '../../../src/platforms/pdd/pdd-goods.js'
import { pddPromotion } from '../../../src/platforms/pdd/pdd-promotion.js'
import { goodsSignFromUrl } from '../../../src/platforms/pdd/pdd-promotion-urls.js'
import { pddSourceFor } from '../../../src/platforms/pdd/pdd-source.js'

const NOW = new Date('2026-03-01T00:00:00Z')
const NOW_S = Math.floor(NOW.getTime() / 1000)

/** A goods_search_response entry as recorded from the API (fields abbreviated). */
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
  sales_tip: '1.2万+',
  search_id: 'abc',
}

const URLS = { url: 'https://mobile.yangkeduo.com/duo_coupon_landing.html?goods_sign=x', shortUrl: 'https://p.pinduoduo.com/Ab12Cd34', mobileUrl: undefined, mobileShortUrl: undefined }

function quote(overrides: Partial<typeof RAW> | Record<string, unknown>) {
  return pddPromotion(toPddGoods(pddGoodsSchema.parse({ ...RAW, ...overrides }), NOW), URLS)
}

describe(pddPromotion.name, () => {
  it.each([
    ['a met threshold', {}, { coupon: 1000, after: 4990, commission: 998 }],
    ['an unmet threshold', { coupon_min_order_amount: 6000 }, { coupon: 1000, after: 5990, commission: 1198 }],
    ['a 无门槛 coupon', { coupon_min_order_amount: 0 }, { coupon: 1000, after: 4990, commission: 998 }],
    ['no coupon', { has_coupon: false, coupon_discount: 0, coupon_min_order_amount: 0 }, { coupon: null, after: 5990, commission: 1198 }],
    ['an ended coupon', { coupon_end_time: NOW_S - 1 }, { coupon: null, after: 5990, commission: 1198 }],
    ['a 15‰ rate', { promotion_rate: 15 }, { coupon: 1000, after: 4990, commission: 74 }],
  ])('quotes %s', (_label, overrides, expected) => {
    const promotion = quote(overrides)
    expect(promotion.coupon?.amountFen ?? null).toBe(expected.coupon)
    expect(promotion.priceAfterCouponFen).toBe(expected.after)
    expect(promotion.commissionFen).toBe(expected.commission)
  })

  it('maps 分, ‰ and the short link into a Promotion', () => {
    expect(quote({})).toEqual({
      platform: 'pdd',
      itemId: RAW.goods_sign,
      title: '蓝牙耳机',
      imageUrl: RAW.goods_thumbnail_url,
      priceFen: 5990,
      coupon: { amountFen: 1000, thresholdFen: 5000, endsAt: new Date((NOW_S + 86_400) * 1000) },
      priceAfterCouponFen: 4990,
      commissionRateBp: 2000,
      commissionFen: 998,
      promoUrl: 'https://p.pinduoduo.com/Ab12Cd34',
    })
  })

  it('falls back to the long URL without a short one', () => {
    const promotion = pddPromotion(toPddGoods(pddGoodsSchema.parse(RAW), NOW), { ...URLS, shortUrl: undefined })
    expect(promotion.promoUrl).toBe(URLS.url)
  })
})

describe(pddSourceFor.name, () => {
  it.each([
    ['a goods id', { platform: 'pdd', itemId: '123456789' }, { sourceUrl: 'https://mobile.yangkeduo.com/goods.html?goods_id=123456789' }],
    ['a goods_sign', { platform: 'pdd', itemId: 'c9r2omog_J3CTa8HNN' }, { goodsSign: 'c9r2omog_J3CTa8HNN' }],
    ['a short link', { platform: 'pdd', kind: 'short', url: 'https://p.pinduoduo.com/Ab12' }, { sourceUrl: 'https://p.pinduoduo.com/Ab12' }],
    ['a ps link', { platform: 'pdd', kind: 'short', url: 'https://mobile.yangkeduo.com/goods.html?ps=Xy' }, { sourceUrl: 'https://mobile.yangkeduo.com/goods.html?ps=Xy' }],
  ] as const)('starts from %s', (_label, link, expected) => {
    expect(pddSourceFor(link)).toEqual(expected)
  })

  it('refuses other platforms and share codes', () => {
    expect(() => pddSourceFor({ platform: 'jd', itemId: '100012043978' })).toThrow(PlatformRequestError)
    expect(() => pddSourceFor({ platform: 'taobao', kind: 'code', code: 'Smh4X47XhR9' })).toThrow(PlatformRequestError)
    expect(() => pddSourceFor({ platform: 'pdd', kind: 'code', code: 'x' } as never)).toThrow(LinkNotResolvableError)
  })
})

describe(pddCustomParameters.name, () => {
  it('wraps the attribution id as uid', () => {
    expect(pddCustomParameters('u_123')).toBe('{"uid":"u_123"}')
  })

  it.each([
    ['empty', ''],
    ['over 64 bytes', 'x'.repeat(55)],
    ['over 64 bytes in UTF-8', '用户'.repeat(10)],
  ])('refuses an id that is %s', (_label, id) => {
    expect(() => pddCustomParameters(id)).toThrow(PlatformRequestError)
  })
})

describe(goodsSignFromUrl.name, () => {
  it.each([
    ['https://mobile.yangkeduo.com/duo_coupon_landing.html?goods_sign=E9X2_Jx&pid=1_2', 'E9X2_Jx'],
    ['https://mobile.yangkeduo.com/duo_transfer_channel.html?resourceType=39', undefined],
    ['not a url', undefined],
  ])('%s → %s', (url, expected) => {
    expect(goodsSignFromUrl(url)).toBe(expected)
  })
})
