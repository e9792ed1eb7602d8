import { buyLines, PLATFORM_NAMES } from '../conversions/promotion.text.js'
import { yuan } from '../money/fen.js'
import type { Promotion } from '../platforms/platform.js'

/**
 * The price line of a card, each number once: the price after coupon first
 * (what a buyer pays), then where it comes from. Never invented claims: a
 * quote without coupon facts says the page has them, and a saving without a
 * coupon (Taobao's 到手价 of a 单品直降) is not called a coupon.
 */
export function priceLine(p: Pick<Promotion, 'priceFen' | 'priceAfterCouponFen' | 'couponKnown' | 'coupon'>): string {
  const saved = p.priceFen - p.priceAfterCouponFen
  if (saved <= 0) return p.couponKnown === false ? `价格${yuan(p.priceFen)}，优惠券以商品页显示为准` : `到手价${yuan(p.priceFen)}`
  const discount = Math.round((p.priceAfterCouponFen / p.priceFen) * 100) / 10
  const tail = `原价${yuan(p.priceFen)}，${p.coupon ? '领券' : ''}立减${yuan(saved)}${discount <= 5 ? `，${discount}折` : ''}`
  return `${p.coupon ? '券后' : '到手价'}${yuan(p.priceAfterCouponFen)}（${tail}）`
}

/** The message a scheduled or hand-picked push sends to a group; `landingUrl` (LANDING_PAGES=on) replaces the promo link and the 淘口令. */
export function renderDealCard(p: Promotion, landingUrl?: string): string {
  return [
    `【${PLATFORM_NAMES[p.platform]}】${p.title}`,
    p.quoted === false ? '价格和优惠券以商品页为准' : priceLine(p),
    ...buyLines(p, landingUrl),
  ].join('\n')
}
