import { PLATFORM_NAMES } from '../conversions/promotion-reply.js'
import { yuan } from '../money/fen.js'
import type { Promotion } from '../platforms/platform.js'

/** A short selling line from the numbers, never invented claims. */
export function sellingLine(p: Pick<Promotion, 'priceFen' | 'priceAfterCouponFen'>): string {
  const saved = p.priceFen - p.priceAfterCouponFen
  if (saved <= 0) return '好物推荐，下单前看看详情。'
  const discount = Math.round((p.priceAfterCouponFen / p.priceFen) * 100) / 10
  return discount <= 5 ? `券后${discount}折，立省${yuan(saved)}！` : `领券立减${yuan(saved)}，到手${yuan(p.priceAfterCouponFen)}。`
}

/** The message a scheduled or hand-picked push sends to a group. */
export function renderDealCard(p: Promotion): string {
  const lines = [
    `【${PLATFORM_NAMES[p.platform]}】${p.title}`,
    sellingLine(p),
    `原价${yuan(p.priceFen)}${p.coupon && p.priceAfterCouponFen < p.priceFen ? `，券${yuan(p.priceFen - p.priceAfterCouponFen)}` : ''}，券后${yuan(p.priceAfterCouponFen)}`,
    `${p.coupon ? '领券购买' : '购买链接'}：${p.promoUrl}`,
  ]
  if (p.tpwd) lines.push(`淘口令：${p.tpwd}（复制本条消息打开淘宝）`)
  return lines.join('\n')
}
