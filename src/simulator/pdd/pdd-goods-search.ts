import { itemKeyFromApiId, type SimItem, simItem } from '../catalog.js'
import { token } from '../sim-hash.js'
import type { SimResponse } from '../sim-platform.js'
import { pddOk } from './pdd-envelope.js'
import { optionalCustomParameters, requireGoodsSignList, requirePid } from './pdd-sim-params.js'

/**
 * `pdd.ddk.goods.search` by `goods_sign_list` (the only query the simulator
 * serves). Unknown signs and goods outside the program are simply absent.
 */
export function goodsSearch(params: Readonly<Record<string, string>>): SimResponse {
  requirePid(params, 'pid')
  const signs = requireGoodsSignList(params)
  optionalCustomParameters(params)
  const searchId = token(`pdd-search:${signs.join(',')}`, 24)
  const goods = signs
    .map((sign) => itemKeyFromApiId('pdd', sign))
    .filter((key): key is string => key !== undefined)
    .map((key) => simItem('pdd', key))
    .filter((item) => item.inProgram)
    .map((item) => goodsEntry(item, searchId))
  return pddOk('goods_search_response', {
    goods_list: goods,
    list_id: token(`pdd-list:${signs.join(',')}`, 16),
    search_id: searchId,
    total_count: goods.length,
  })
}

function goodsEntry(item: SimItem, searchId: string): Record<string, unknown> {
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
    sales_tip: salesTip(item.monthlySales),
    search_id: searchId,
  }
}

function salesTip(sales: number): string {
  return sales >= 10_000 ? `${(sales / 10_000).toFixed(1)}万+` : String(sales)
}
