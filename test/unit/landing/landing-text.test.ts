import { describe, expect, it } from 'vitest'
import { renderOutcomes, renderPromotion } from '../../../src/conversions/promotion.text.js'
import { renderDealCard } from '../../../src/deals/deal-card.text.js'
import type { Promotion } from '../../../src/platforms/platform.js'

const URL_ = 'https://go.example.com/s/Ab3dEf6hIj8k'
const taobao: Promotion = {
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
const jd: Promotion = { ...taobao, platform: 'jd', tpwd: undefined, promoUrl: 'https://u.jd.com/AbCdEf' }

describe('replies and push cards with landing pages', () => {
  it('a reply names the landing page instead of the promo link and the 淘口令', () => {
    expect(renderPromotion(taobao, 654, URL_).split('\n')).toEqual([
      '【淘宝】小米蓝牙耳机',
      '原价：¥129.00',
      '优惠券：¥20.00（满¥99.00可用）',
      '券后价：¥109.00',
      '预计返利：¥6.54',
      `领券购买：${URL_}（打开后一键复制淘口令）`,
    ])
    expect(renderPromotion({ ...jd, coupon: null }, 0, URL_).split('\n').at(-1)).toBe(`购买链接：${URL_}`)
    expect(renderPromotion({ ...jd, quoted: false, priceFen: 0 }, 0, URL_).split('\n').at(-1)).toBe(`购买链接：${URL_}`)
  })

  it('without a landing page the reply is what it always was', () => {
    expect(renderPromotion(taobao, 654).split('\n').slice(-2)).toEqual([
      '领券购买：https://s.click.taobao.com/AbCdEfGhIj',
      '淘口令：￥AbCdEfGhIjK￥（复制本条消息打开淘宝）',
    ])
  })

  it('renderOutcomes passes each link its own landing page', () => {
    const text = renderOutcomes([
      { ok: true, link: { platform: 'taobao', itemId: 'abc' }, promotion: taobao, rebateFen: 654, landingUrl: URL_ },
      { ok: true, link: { platform: 'jd', itemId: 'x' }, promotion: jd, rebateFen: 1, landingUrl: `${URL_}2` },
    ])
    expect(text).toContain(`领券购买：${URL_}（`)
    expect(text).toContain(`领券购买：${URL_}2`)
    expect(text).not.toMatch(/s\.click\.taobao\.com|u\.jd\.com|淘口令：/)
  })

  it('a push card carries the landing page instead of the promo link and the 淘口令', () => {
    expect(renderDealCard(taobao, URL_).split('\n')).toEqual([
      '【淘宝】小米蓝牙耳机',
      '券后¥109.00（原价¥129.00，领券立减¥20.00）',
      `领券购买：${URL_}（打开后一键复制淘口令）`,
    ])
    expect(renderDealCard(taobao)).toContain('淘口令：￥AbCdEfGhIjK￥')
  })
})
