import { describe, expect, it } from 'vitest'
import { priceLine, renderDealCard } from '../../../src/deals/deal-card.text.js'
import { dealKey, scoreDeal, selectDeal } from '../../../src/deals/select-deal.js'
import type { CuratedDeal } from '../../../src/platforms/deal-source.js'

const deal = (id: string, patch: Partial<CuratedDeal> = {}): CuratedDeal => ({
  platform: 'jd',
  itemId: id,
  title: `商品${id}`,
  priceFen: 10_000,
  coupon: { amountFen: 2000, thresholdFen: 0 },
  priceAfterCouponFen: 8000,
  commissionRateBp: 1000,
  commissionFen: 800,
  sales: 1000,
  ...patch,
})

describe(selectDeal.name, () => {
  const rules = { recentlyPushed: new Set<string>(), allowWithoutCoupon: false }

  it.each([
    ['a bigger coupon wins', [deal('a'), deal('b', { priceAfterCouponFen: 5000 })], 'b'],
    ['more commission wins at equal coupon', [deal('a'), deal('b', { commissionFen: 3000 })], 'b'],
    ['more sales wins at equal terms', [deal('a', { sales: 10 }), deal('b', { sales: 100_000 })], 'b'],
    ['no coupon is skipped', [deal('a', { coupon: null, priceAfterCouponFen: 10_000, commissionFen: 5000 }), deal('b')], 'b'],
    ['a discount without a coupon (Taobao 单品直降 in the 到手价) is no coupon deal', [deal('a', { coupon: null, priceAfterCouponFen: 5000 }), deal('b')], 'b'],
    ['a coupon whose threshold the price misses is no coupon deal', [deal('a', { coupon: { amountFen: 5000, thresholdFen: 20_000 }, priceAfterCouponFen: 5000 }), deal('b')], 'b'],
    ['no commission is skipped', [deal('a', { commissionFen: 0, priceAfterCouponFen: 1000 }), deal('b')], 'b'],
    ['nothing qualifies', [deal('a', { coupon: null, priceAfterCouponFen: 10_000 })], undefined],
    ['nothing to choose from', [], undefined],
  ] as const)('%s', (_name, deals, expected) => {
    expect(selectDeal(deals, rules)?.itemId).toBe(expected)
  })

  it('never repeats an item pushed to the group in the window', () => {
    const best = deal('best', { priceAfterCouponFen: 3000 })
    expect(selectDeal([best, deal('next')], { ...rules, recentlyPushed: new Set([dealKey(best)]) })?.itemId).toBe('next')
  })

  it('the same item id on another platform is another item', () => {
    const pushed = new Set([dealKey(deal('x', { platform: 'pdd' }))])
    expect(selectDeal([deal('x')], { ...rules, recentlyPushed: pushed })?.itemId).toBe('x')
  })

  it('can be told to allow deals without a coupon', () => {
    expect(selectDeal([deal('a', { coupon: null, priceAfterCouponFen: 10_000 })], { ...rules, allowWithoutCoupon: true })?.itemId).toBe('a')
  })

  it('scores are finite for extreme inputs', () => {
    expect(Number.isFinite(scoreDeal(deal('z', { priceFen: 0, priceAfterCouponFen: 0, sales: 0, commissionFen: 0 })))).toBe(true)
  })
})

describe(renderDealCard.name, () => {
  it('shows title, the price after coupon with where it comes from (each number once) and the link', () => {
    const text = renderDealCard({
      platform: 'taobao',
      itemId: 'x',
      title: '保温杯',
      priceFen: 9900,
      coupon: { amountFen: 5000, thresholdFen: 0 },
      priceAfterCouponFen: 4900,
      commissionRateBp: 1000,
      commissionFen: 490,
      promoUrl: 'https://s.click.taobao.com/abc',
      tpwd: '￥AbCdEfGhIjK￥',
    })
    expect(text.split('\n')).toEqual([
      '【淘宝】保温杯',
      '券后¥49.00（原价¥99.00，领券立减¥50.00，4.9折）',
      '领券购买：https://s.click.taobao.com/abc',
      '淘口令：￥AbCdEfGhIjK￥（复制本条消息打开淘宝）',
    ])
  })

  it.each([
    [{ priceFen: 1000, priceAfterCouponFen: 1000, coupon: null }, '到手价¥10.00'],
    [{ priceFen: 1000, priceAfterCouponFen: 800, coupon: { amountFen: 200, thresholdFen: 0 } }, '券后¥8.00（原价¥10.00，领券立减¥2.00）'],
    // A 单品直降 without a coupon: the saving is real, the word 券 would not be.
    [{ priceFen: 1000, priceAfterCouponFen: 800, coupon: null }, '到手价¥8.00（原价¥10.00，立减¥2.00）'],
    [{ priceFen: 1000, priceAfterCouponFen: 1000, couponKnown: false, coupon: null }, '价格¥10.00，优惠券以商品页显示为准'],
  ] as const)('price line %#', (p, expected) => expect(priceLine(p)).toBe(expected))

  it('a link without price facts is pushed without numbers', () => {
    const text = renderDealCard({ platform: 'jd', itemId: 'x', title: '京东商品', priceFen: 0, coupon: null, priceAfterCouponFen: 0, commissionRateBp: 0, commissionFen: 0, promoUrl: 'https://union-click.jd.com/jdc?e=abc', quoted: false })
    expect(text.split('\n')).toEqual(['【京东】京东商品', '价格和优惠券以商品页为准', '购买链接：https://union-click.jd.com/jdc?e=abc'])
  })
})
