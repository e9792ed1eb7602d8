import { describe, expect, it } from 'vitest'
import { renderFailure, renderOutcomes, renderPromotion } from '../../../src/conversions/promotion.text.js'
import type { Promotion } from '../../../src/platforms/platform.js'

const base: Promotion = {
  platform: 'taobao',
  itemId: 'abc',
  title: '小米蓝牙耳机',
  priceFen: 12_900,
  coupon: { amountFen: 2000, thresholdFen: 9900 },
  priceAfterCouponFen: 10_900,
  commissionRateBp: 1000,
  commissionFen: 1090,
  promoUrl: 'https://s.click.taobao.com/AbCdEfGhIj',
  tpwd: '￥AbCdEfGhIjK￥',
}

describe(renderPromotion.name, () => {
  it('shows price, coupon, price after coupon, rebate and the links', () => {
    expect(renderPromotion(base, 654).split('\n')).toEqual([
      '【淘宝】小米蓝牙耳机',
      '原价：¥129.00',
      '优惠券：¥20.00（满¥99.00可用）',
      '券后价：¥109.00',
      '预计返利：¥6.54',
      '领券购买：https://s.click.taobao.com/AbCdEfGhIj',
      '淘口令：￥AbCdEfGhIjK￥（复制本条消息打开淘宝）',
    ])
  })

  it.each([
    [{ coupon: null }, '优惠券：暂无隐藏优惠券', '购买链接：'],
    [{ coupon: { amountFen: 500, thresholdFen: 0 } }, '优惠券：¥5.00（无门槛）', '领券购买：'],
    [{ coupon: { amountFen: 500, thresholdFen: 20_000 } }, '优惠券：¥5.00（满¥200.00可用，单件未达门槛）', '领券购买：'],
  ] as const)('coupon variant %#', (patch, couponLine, linkLabel) => {
    const text = renderPromotion({ ...base, ...patch, platform: 'jd', tpwd: undefined }, 0)
    expect(text).toContain(couponLine)
    expect(text).toContain(linkLabel)
    expect(text).not.toContain('淘口令')
    expect(text).toContain('【京东】')
  })
})

describe('replies that do not invent facts', () => {
  it('a link without price facts points to the page and quotes no numbers', () => {
    const text = renderPromotion({ ...base, platform: 'jd', tpwd: undefined, title: '京东商品', priceFen: 0, coupon: null, priceAfterCouponFen: 0, commissionFen: 0, quoted: false }, 0)
    expect(text.split('\n')).toEqual(['【京东】京东商品', '价格和优惠券以商品页为准，返利按订单实际佣金计算。', '购买链接：https://s.click.taobao.com/AbCdEfGhIj'])
  })

  it('an unknown coupon is not called "no coupon", and the rebate is an estimate on the page price', () => {
    const text = renderPromotion({ ...base, platform: 'jd', tpwd: undefined, coupon: null, priceAfterCouponFen: base.priceFen, couponKnown: false }, 774)
    expect(text).toContain('优惠券：以商品页显示为准')
    expect(text).not.toContain('暂无隐藏优惠券')
    expect(text).not.toContain('券后价')
    expect(text).toContain('预计返利：约¥7.74（按页面价估算，以实际订单为准）')
  })
})

describe(renderFailure.name, () => {
  it.each([
    ['not-promotable', '不在推广计划内'],
    ['link-unresolvable', '已失效或无法识别'],
    ['platform-busy', '繁忙'],
    ['platform-unavailable', '连不上'],
    ['platform-misconfigured', '暂时不可用'],
    ['needs-authorization', '授权'],
    ['internal', '请稍后再试'],
  ] as const)('%s is one friendly line', (failure, phrase) => {
    const text = renderFailure('pdd', failure)
    expect(text).toContain(phrase)
    expect(text).not.toContain('\n')
    expect(text).not.toMatch(/error|stack|undefined/i)
  })
})

describe(renderOutcomes.name, () => {
  it('answers each link in order in one message', () => {
    const text = renderOutcomes([
      { ok: true, link: { platform: 'taobao', itemId: '1' }, promotion: base, rebateFen: 1 },
      { ok: false, link: { platform: 'jd', kind: 'short', url: 'https://u.jd.com/x' }, failure: 'link-unresolvable' },
    ])
    expect(text.indexOf('小米蓝牙耳机')).toBeLessThan(text.indexOf('京东链接'))
  })
})
