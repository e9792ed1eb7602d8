import { quote } from '../../money/quote.js'
import type { Promotion } from '../platform.js'
import type { JdCoupon } from './jd-goods.js'

/** The facts a quote is made of: a goods.query row or a promotiongoodsinfo row. */
export interface JdQuoteFacts {
  readonly title: string
  readonly imageUrl: string | undefined
  readonly priceFen: number
  readonly commissionRateBp: number
  /** Our id of the item: goods.query's sku-else-itemId, promotiongoodsinfo's sku. */
  readonly id?: string | undefined
  readonly skuId?: string | undefined
}

/** What the reply calls an item JD told us nothing about. */
const UNKNOWN_TITLE = '京东商品'

/**
 * A quoted Promotion. `coupon` is the one bound to the link (null when none
 * was, or JD refused it): the price after coupon counts it only when the
 * price meets its threshold.
 */
export function quotedJdPromotion(
  facts: JdQuoteFacts,
  coupon: JdCoupon | null,
  promoUrl: string,
  options: { readonly couponKnown?: boolean } = {},
): Promotion {
  const { priceAfterCouponFen, commissionFen } = quote({ priceFen: facts.priceFen, coupon, commissionRateBp: facts.commissionRateBp })
  return {
    platform: 'jd',
    itemId: facts.id ?? facts.skuId ?? '',
    title: facts.title,
    imageUrl: facts.imageUrl,
    priceFen: facts.priceFen,
    coupon: coupon && { amountFen: coupon.amountFen, thresholdFen: coupon.thresholdFen, endsAt: coupon.endsAt },
    priceAfterCouponFen,
    commissionRateBp: facts.commissionRateBp,
    commissionFen,
    promoUrl,
    ...(options.couponKnown === false ? { couponKnown: false } : {}),
  }
}

/** A working link with no facts: money fields 0 and `quoted: false`, so the reply points to the page. */
export function unquotedJdPromotion(itemId: string, promoUrl: string): Promotion {
  return {
    platform: 'jd',
    itemId,
    title: UNKNOWN_TITLE,
    priceFen: 0,
    coupon: null,
    priceAfterCouponFen: 0,
    commissionRateBp: 0,
    commissionFen: 0,
    promoUrl,
    quoted: false,
  }
}
