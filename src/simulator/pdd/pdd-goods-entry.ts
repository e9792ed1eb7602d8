import { CATEGORIES, type SimItem } from '../catalog.js'

/**
 * One `goods_search_response.goods_list` entry as PDD renders it: money in 分,
 * `promotion_rate` in ‰, sales as a rounded `sales_tip`, and the 商品标签
 * (`opt_id`/`opt_name`) standing in for the category.
 */
export function pddGoodsEntry(item: SimItem, searchId: string): Record<string, unknown> {
  const coupon = item.coupon
  return {
    goods_sign: item.apiId,
    goods_name: item.title,
    goods_thumbnail_url: item.imageUrl,
    min_group_price: item.priceFen,
    // 单买 costs more than 拼团 on PDD.
    min_normal_price: item.priceFen + 200,
    has_coupon: coupon !== null,
    coupon_discount: coupon?.amountFen ?? 0,
    coupon_min_order_amount: coupon?.thresholdFen ?? 0,
    coupon_start_time: coupon ? Math.floor(coupon.startsAt.getTime() / 1000) : 0,
    coupon_end_time: coupon ? Math.floor(coupon.endsAt.getTime() / 1000) : 0,
    promotion_rate: item.commissionRateBp / 10,
    mall_name: item.shopName,
    // Synthetic ids: PDD's real opt ids come from pdd.goods.opt.get.
    opt_id: 1 + (CATEGORIES as readonly string[]).indexOf(item.category),
    opt_name: item.category,
    sales_tip: pddSalesTip(item.monthlySales),
    search_id: searchId,
  }
}

/** PDD shows sales rounded to 万 with a plus once they pass ten thousand. */
export function pddSalesTip(sales: number): string {
  return sales >= 10_000 ? `${(sales / 10_000).toFixed(1)}万+` : String(sales)
}
