import { itemKeyFromApiId, simItem, simPriceAfterCoupon, type SimItem } from '../catalog.js'
import { missingArgument, topError, topSuccess, type TopHandler } from './taobao-envelope.js'
import { percent, yuan } from './taobao-format.js'

export const ITEM_INFO_METHOD = 'taobao.tbk.item.info.upgrade.get'

/** Item details by encrypted id; ids the simulator never issued are simply absent from the list. */
export const handleItemInfo: TopHandler = (params, _state, requestId) => {
  const itemIds = params.item_id
  if (!itemIds) return topError(requestId, missingArgument('item_id'))
  const details = itemIds
    .split(',')
    .map((id) => ({ id: id.trim(), key: itemKeyFromApiId('taobao', id.trim()) }))
    .flatMap(({ id, key }) => (key === undefined ? [] : [detail(simItem('taobao', key), id)]))
  return topSuccess(ITEM_INFO_METHOD, requestId, { results: { tbk_item_detail: details } })
}

function detail(item: SimItem, inputId: string): Record<string, unknown> {
  return {
    item_id: item.apiId,
    input_item_iid: inputId,
    item_basic_info: {
      title: item.title,
      short_title: item.title.slice(0, 10),
      // TOP hands pictures out protocol-relative.
      pict_url: item.imageUrl.replace(/^https:/, ''),
      shop_title: item.shopName,
      user_type: 1,
      volume: item.monthlySales,
      level_one_category_name: item.category,
    },
    price_promotion_info: {
      reserve_price: yuan(Math.ceil((item.priceFen * 1.25) / 100) * 100),
      zk_final_price: yuan(item.priceFen),
      final_promotion_price: yuan(simPriceAfterCoupon(item)),
    },
    publish_info: { income_rate: percent(item.commissionRateBp), commission_type: 'COMMON' },
  }
}
