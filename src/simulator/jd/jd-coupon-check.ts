import type { SimItem } from '../catalog.js'
import { pick } from '../sim-hash.js'
import { jdFail, type JdInnerResult } from './jd-envelope.js'

/**
 * Coupon refusals of promotion.*.get with a couponUrl, from JD's error
 * tables (typed-jd-union-api json-def/jd.union.open.promotion.*.json
 * `apiErrorsDTOS`; 2001901 from an ecapi capture): about one item with a
 * coupon in five has a coupon JD refuses, always the same one for the item.
 */
const COUPON_FAILURES: readonly (readonly [number, string])[] = [
  [2001901, '优惠券host校验失败'],
  [2001905, '优惠券无效'],
  [2001906, '优惠券已过期'],
  [2001909, '优惠券与商品不匹配'],
  [2001911, '优惠券消费限额必须小于商品最低价格'],
  [2001914, '优惠券剩余数量不足，请更换其他优惠券'],
  [2001917, '优惠券不可购买该商品，请更换其他优惠券'],
]

export function jdCouponRefusal(item: SimItem): JdInnerResult | undefined {
  if (!item.coupon || pick(`jd-coupon-refused:${item.itemKey}`, 5) !== 0) return undefined
  const [code, message] = COUPON_FAILURES[pick(`jd-coupon-code:${item.itemKey}`, COUPON_FAILURES.length)] ?? [2001906, '优惠券已过期']
  return jdFail(code, message)
}
