import { simPriceAfterCoupon, type SimItem } from '../catalog.js'
import { yuan } from './taobao-format.js'

/** `item_basic_info` as the upgraded TOP item APIs nest it. */
export function basicInfo(item: SimItem): Record<string, unknown> {
  return {
    title: item.title,
    short_title: item.title.slice(0, 10),
    // TOP hands pictures out protocol-relative.
    pict_url: item.imageUrl.replace(/^https:/, ''),
    shop_title: item.shopName,
    user_type: 1,
    volume: item.monthlySales,
    level_one_category_name: item.category,
  }
}

/** The price fields of `price_promotion_info` (元 strings). */
export function pricesOf(item: SimItem): Record<string, unknown> {
  return {
    reserve_price: yuan(Math.ceil((item.priceFen * 1.25) / 100) * 100),
    zk_final_price: yuan(item.priceFen),
    final_promotion_price: yuan(simPriceAfterCoupon(item)),
  }
}
