import { couponSavingFen } from '../money/quote.js'
import type { CuratedDeal } from '../platforms/deal-source.js'

export interface SelectionRules {
  /** Item ids (platform:itemId) pushed to this group within the dedupe window. */
  readonly recentlyPushed: ReadonlySet<string>
  /** When false, deals without a usable coupon or without commission are skipped. */
  readonly allowWithoutCoupon: boolean
}

export const dealKey = (deal: Pick<CuratedDeal, 'platform' | 'itemId'>): string => `${deal.platform}:${deal.itemId}`

/**
 * How good a deal is to push: the discount's share of the price (what makes
 * people buy; with Taobao's 到手价 it is more than the coupon), the
 * commission in fen (what the group earns), and sales
 * (social proof, on a log scale so bestsellers do not drown the rest).
 * Cheaper items after coupon get a small bonus: impulse buys convert best.
 */
export function scoreDeal(deal: CuratedDeal): number {
  const savedFen = deal.priceFen - deal.priceAfterCouponFen
  const savedShare = deal.priceFen > 0 ? savedFen / deal.priceFen : 0
  const cheapness = 1 / (1 + deal.priceAfterCouponFen / 10_000)
  return savedShare * 40 + Math.min(deal.commissionFen, 5000) / 100 + Math.log10(1 + deal.sales) * 3 + cheapness * 5
}

/** The best deal not pushed to the group recently, or undefined when none qualifies. */
export function selectDeal(deals: readonly CuratedDeal[], rules: SelectionRules): CuratedDeal | undefined {
  let best: CuratedDeal | undefined
  let bestScore = -Infinity
  for (const deal of deals) {
    if (rules.recentlyPushed.has(dealKey(deal))) continue
    // A discount that is no coupon (Taobao 单品直降 in the 到手价) does not make a coupon deal.
    const hasCoupon = couponSavingFen(deal.priceFen, deal.coupon) > 0
    if (!rules.allowWithoutCoupon && (!hasCoupon || deal.commissionFen <= 0)) continue
    const score = scoreDeal(deal)
    if (score > bestScore) {
      best = deal
      bestScore = score
    }
  }
  return best
}
