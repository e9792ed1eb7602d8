import { itemKeyFromApiId, simItem, type SimItem } from '../catalog.js'
import { missingArgument, TBK_ERRORS, topError, topSuccess, type TopHandler } from './taobao-envelope.js'
import { percent } from './taobao-format.js'
import { basicInfo, pricesOf } from './taobao-item-fields.js'

export const ITEM_INFO_METHOD = 'taobao.tbk.item.info.upgrade.get'

/**
 * Item details by encrypted id; ids the simulator never issued are simply
 * absent from the list. A numeric (pre-2023) id is refused with -4003, as
 * pea-cake/tbk#10 shows for item.info.get.
 */
export const handleItemInfo: TopHandler = (params, _state, requestId) => {
  const itemIds = params.item_id
  if (!itemIds) return topError(requestId, missingArgument('item_id'))
  if (itemIds.split(',').some((id) => /^\d{1,20}$/.test(id.trim()))) return topError(requestId, TBK_ERRORS.numericIdInfo)
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
    item_basic_info: basicInfo(item),
    price_promotion_info: pricesOf(item),
    publish_info: { income_rate: percent(item.commissionRateBp), commission_type: 'COMMON' },
  }
}
