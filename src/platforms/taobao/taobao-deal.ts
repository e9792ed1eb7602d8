import { z } from 'zod'
import { quote } from '../../money/quote.js'
import type { CuratedDeal } from '../deal-source.js'
import { absoluteUrl, optionalCount, optionalPercentBp, optionalText, optionalYuanFen, yuanFen } from './taobao-fields.js'
import { couponFromPath, PromotionPath } from './taobao-promotion-path.js'

const MaterialItem = z.object({
  item_id: z.union([z.string().min(1), z.number()]).transform(String),
  item_basic_info: z.object({
    title: z.string().min(1),
    pict_url: optionalText,
    shop_title: optionalText,
    volume: optionalCount,
    level_one_category_name: optionalText,
  }),
  price_promotion_info: z.object({
    zk_final_price: yuanFen.refine((fen) => fen > 0, 'a price above zero'),
    final_promotion_price: optionalYuanFen,
    final_promotion_path_list: PromotionPath,
  }),
  publish_info: z.object({ income_rate: optionalPercentBp }),
})

export type TaobaoDealParse = { readonly deal: CuratedDeal } | { readonly rejected: string }

/**
 * One `map_data` entry of 物料搜索升级版 → a curated deal, or why it cannot be
 * one (no commission counts as not a deal). TOP's 到手价 goes into the quote
 * as the platform's final price (it wins when plausible and the coupon, if
 * any, is usable); the path names the coupon and its threshold.
 */
export function parseTaobaoDeal(raw: unknown, now: Date): TaobaoDealParse {
  const parsed = MaterialItem.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { rejected: issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid map_data entry' }
  }
  const { item_id: itemId, item_basic_info: basic, price_promotion_info: price, publish_info: publish } = parsed.data
  const commissionRateBp = publish.income_rate ?? 0
  if (commissionRateBp <= 0) return { rejected: `item ${itemId} pays no commission` }
  const priceFen = price.zk_final_price
  const coupon = couponFromPath(price.final_promotion_path_list?.final_promotion_path_map_data ?? [], now)
  const { priceAfterCouponFen, commissionFen } = quote({ priceFen, coupon, commissionRateBp, platformFinalPriceFen: price.final_promotion_price })
  return {
    deal: {
      platform: 'taobao',
      itemId,
      title: basic.title,
      imageUrl: basic.pict_url === undefined ? undefined : absoluteUrl(basic.pict_url),
      shopName: basic.shop_title,
      category: basic.level_one_category_name,
      priceFen,
      coupon,
      priceAfterCouponFen,
      commissionRateBp,
      commissionFen,
      sales: basic.volume ?? 0,
    },
  }
}
