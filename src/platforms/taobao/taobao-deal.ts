import { z } from 'zod'
import { applyRateBp } from '../../money/fen.js'
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
 * one (no commission counts as not a deal). The price after coupon is TOP's
 * 到手价 when it gives a plausible one and the coupon (if any) is usable;
 * else the coupon applied by hand, or the page price when its threshold is
 * not met.
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
  const couponUsable = coupon !== null && coupon.thresholdFen <= priceFen
  const finalPrice = price.final_promotion_price
  const priceAfterCouponFen =
    coupon !== null && !couponUsable ? priceFen
    : finalPrice !== undefined && finalPrice > 0 && finalPrice <= priceFen ? finalPrice
    : coupon !== null ? Math.max(0, priceFen - coupon.amountFen)
    : priceFen
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
      commissionFen: applyRateBp(priceAfterCouponFen, commissionRateBp),
      sales: basic.volume ?? 0,
    },
  }
}
