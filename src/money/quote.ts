import { applyRateBp } from './fen.js'

/** A coupon's terms as every platform states them: face value and minimum spend (0 = 无门槛), in fen. */
export interface CouponTerms {
  readonly amountFen: number
  readonly thresholdFen: number
}

/** What a platform tells us about one item, mapped by its adapter into our units. */
export interface QuoteFacts {
  /** The price on the item page, before the coupon. */
  readonly priceFen: number
  /** The best coupon the platform names for the item, usable or not. */
  readonly coupon: CouponTerms | null
  /** The publisher's commission share of what the buyer pays (1550 = 15.50%). */
  readonly commissionRateBp: number
  /**
   * The platform's own price after every promotion it applied (Taobao 到手价,
   * `final_promotion_price`): it also counts promotions we cannot see (店铺
   * 满减, 单品直降), so it wins over our arithmetic when it is plausible —
   * above zero, not above the page price — and the coupon, if any, applies.
   */
  readonly platformFinalPriceFen?: number | undefined
}

export interface Quote {
  /** What the buyer pays: the page price less the coupon when it applies (or the platform's final price). */
  readonly priceAfterCouponFen: number
  /** Whether the coupon lowers the price: it exists, is worth something, and the price reaches its threshold. */
  readonly couponApplies: boolean
  /** What the coupon takes off: its face value, at most the price; 0 when it does not apply. */
  readonly couponFen: number
  /** The commission on the price after coupon, rounded down. */
  readonly commissionFen: number
}

/** Platform figures are untrusted: anything but a positive finite number counts as 0, fractions of a fen are dropped. */
function fen(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.min(Math.floor(value), Number.MAX_SAFE_INTEGER) : 0
}

/**
 * What the coupon takes off this price: its face value when the price reaches
 * its threshold (a buyer cannot use it otherwise), never more than the price
 * (a ¥10 无门槛 coupon on an ¥8 item saves ¥8), 0 without a usable coupon.
 */
export function couponSavingFen(priceFen: number, coupon: CouponTerms | null): number {
  const price = fen(priceFen)
  if (coupon === null || price < fen(coupon.thresholdFen)) return 0
  return Math.min(fen(coupon.amountFen), price)
}

/**
 * The one place a quote is computed, for every platform and path (link
 * replies, curated deals, pushes). Money in integer fen, never negative, and
 * every division rounded down so the bot never promises more than the
 * platform will pay.
 */
export function quote(facts: QuoteFacts): Quote {
  const priceFen = fen(facts.priceFen)
  const couponFen = couponSavingFen(priceFen, facts.coupon)
  const couponApplies = couponFen > 0
  // A named coupon the price cannot use means the final price was not reached through it either.
  const couponMissed = facts.coupon !== null && fen(facts.coupon.amountFen) > 0 && !couponApplies
  const finalFen = facts.platformFinalPriceFen === undefined ? 0 : fen(facts.platformFinalPriceFen)
  const priceAfterCouponFen = !couponMissed && finalFen > 0 && finalFen <= priceFen ? finalFen : priceFen - couponFen
  return {
    priceAfterCouponFen,
    couponApplies,
    couponFen,
    commissionFen: applyRateBp(priceAfterCouponFen, fen(facts.commissionRateBp)),
  }
}

/**
 * The rebate a user is quoted on a commission: their share, rounded down.
 * Crediting (`ledger/rebate-position.ts`) applies the same `applyRateBp` to
 * the commission the platform reports, so a quote and its credit round alike.
 */
export function estimatedRebateFen(commissionFen: number, shareBp: number): number {
  return applyRateBp(fen(commissionFen), fen(shareBp))
}
