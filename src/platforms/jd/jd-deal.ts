import { z } from 'zod'
import { quote } from '../../money/quote.js'
import type { CuratedDeal } from '../deal-source.js'
import { bestJdCoupon, GoodsListSchema } from './jd-goods.js'

const CategorySchema = z.object({
  categoryInfo: z.object({ cid1Name: z.string().trim().min(1).optional() }).nullish(),
})

/** 100% in basis points: a larger commission share is a corrupt row. */
const MAX_RATE_BP = 10_000

export type JdDealOutcome = { readonly kind: 'deal'; readonly deal: CuratedDeal } | { readonly kind: 'rejected'; readonly reason: string }

/**
 * One jingfen.query / goods.query row → a curated deal. Never throws: a row
 * that does not validate, costs nothing, or claims a share over 100% is
 * `rejected`. The coupon is the one a buyer could use now (bestJdCoupon);
 * without one the price after coupon is the price.
 */
export function parseJdDeal(raw: unknown, now: Date): JdDealOutcome {
  const parsed = GoodsListSchema.safeParse([raw])
  if (!parsed.success) return { kind: 'rejected', reason: describeIssues(parsed.error) }
  const goods = parsed.data[0]
  if (!goods) return { kind: 'rejected', reason: 'empty row' }
  if (goods.priceFen <= 0) return { kind: 'rejected', reason: `sku ${goods.id}: price is 0` }
  if (goods.commissionRateBp > MAX_RATE_BP) {
    return { kind: 'rejected', reason: `sku ${goods.id}: commissionShare over 100%` }
  }
  const category = CategorySchema.safeParse(raw)
  const coupon = bestJdCoupon(goods, now)
  const { priceAfterCouponFen, commissionFen } = quote({ priceFen: goods.priceFen, coupon, commissionRateBp: goods.commissionRateBp })
  return {
    kind: 'deal',
    deal: {
      platform: 'jd',
      itemId: goods.id,
      title: goods.title,
      imageUrl: goods.imageUrl,
      shopName: goods.shopName,
      category: category.success ? category.data.categoryInfo?.cid1Name : undefined,
      priceFen: goods.priceFen,
      coupon: coupon && { amountFen: coupon.amountFen, thresholdFen: coupon.thresholdFen, endsAt: coupon.endsAt },
      priceAfterCouponFen,
      commissionRateBp: goods.commissionRateBp,
      commissionFen,
      sales: goods.monthlySales ?? 0,
    },
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    // The row was parsed as a one-element list; its index is noise.
    .map((issue) => `${issue.path.slice(1).join('.') || '(row)'}: ${issue.message}`)
    .join('; ')
}
