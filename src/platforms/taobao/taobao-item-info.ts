import { z } from 'zod'
import { absoluteUrl, optionalCount, optionalPercentBp, optionalText, optionalYuanFen, yuanFen } from './taobao-fields.js'
import { topList } from './taobao-list.js'

export const ITEM_INFO_METHOD = 'taobao.tbk.item.info.upgrade.get'

const ItemDetail = z.object({
  item_id: z.union([z.string(), z.number()]).transform(String),
  item_basic_info: z.object({
    title: z.string().min(1),
    pict_url: optionalText,
    shop_title: optionalText,
    volume: optionalCount,
    level_one_category_name: optionalText,
  }),
  price_promotion_info: z.object({
    reserve_price: optionalYuanFen,
    zk_final_price: yuanFen,
    final_promotion_price: optionalYuanFen,
  }),
  publish_info: z.object({ income_rate: optionalPercentBp, commission_type: optionalText }).optional(),
})

export const ItemInfoRoot = z.object({
  results: topList(ItemDetail),
  request_id: z.string().optional(),
})

/** What the item page shows, for the reply: title, picture, price. */
export interface TaobaoItemInfo {
  readonly itemId: string
  readonly title: string
  readonly imageUrl: string | undefined
  readonly shopName: string | undefined
  readonly category: string | undefined
  readonly monthlySales: number | undefined
  /** 折后价 (zk_final_price): the price on the page before coupons. */
  readonly priceFen: number
  readonly reservePriceFen: number | undefined
  /** 到手价 after every promotion TOP knows of. */
  readonly finalPromotionPriceFen: number | undefined
  readonly incomeRateBp: number | undefined
}

export function toItemInfos(root: z.output<typeof ItemInfoRoot>): TaobaoItemInfo[] {
  return root.results.map((detail) => ({
    itemId: detail.item_id,
    title: detail.item_basic_info.title,
    imageUrl: detail.item_basic_info.pict_url === undefined ? undefined : absoluteUrl(detail.item_basic_info.pict_url),
    shopName: detail.item_basic_info.shop_title,
    category: detail.item_basic_info.level_one_category_name,
    monthlySales: detail.item_basic_info.volume,
    priceFen: detail.price_promotion_info.zk_final_price,
    reservePriceFen: detail.price_promotion_info.reserve_price,
    finalPromotionPriceFen: detail.price_promotion_info.final_promotion_price,
    incomeRateBp: detail.publish_info?.income_rate,
  }))
}
