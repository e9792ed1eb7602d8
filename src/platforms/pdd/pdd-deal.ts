import { z } from 'zod'
import { quote } from '../../money/quote.js'
import type { CuratedDeal } from '../deal-source.js'
import { pddGoodsSchema, toPddGoods } from './pdd-goods.js'
import { parsePddSalesTip } from './pdd-sales-tip.js'

/** A search entry plus the category it may carry: `opt_name` (商品标签) now, `category_name` in older answers. */
const pddDealSchema = pddGoodsSchema.extend({
  opt_name: z.string().nullish(),
  category_name: z.string().nullish(),
})

export type PddDealParse = { readonly deal: CuratedDeal } | { readonly rejected: string }

/**
 * One `goods_list` entry → a curated deal, or why it cannot be one. The coupon
 * is reported whenever it is live, but only lowers the price when the price
 * reaches its threshold.
 */
export function parsePddDeal(raw: unknown, now: Date): PddDealParse {
  const parsed = pddDealSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { rejected: issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid goods entry' }
  }
  const goods = toPddGoods(parsed.data, now)
  const { priceAfterCouponFen, commissionFen } = quote({ priceFen: goods.priceFen, coupon: goods.coupon, commissionRateBp: goods.commissionRateBp })
  const category = parsed.data.opt_name || parsed.data.category_name || undefined
  return {
    deal: {
      platform: 'pdd',
      itemId: goods.goodsSign,
      title: goods.title,
      imageUrl: goods.imageUrl,
      shopName: goods.mallName,
      category,
      priceFen: goods.priceFen,
      coupon: goods.coupon,
      priceAfterCouponFen,
      commissionRateBp: goods.commissionRateBp,
      commissionFen,
      sales: parsePddSalesTip(goods.salesTip),
    },
  }
}
