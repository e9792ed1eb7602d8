import { itemKeyFromApiId, simItem } from '../catalog.js'
import { token } from '../sim-hash.js'
import type { SimResponse } from '../sim-platform.js'
import type { SimState } from '../sim-state.js'
import { pddOk } from './pdd-envelope.js'
import { requireRegistered } from './pdd-registration.js'
import { pddGoodsEntry } from './pdd-goods-entry.js'
import { optionalCustomParameters, requireGoodsSignList, requirePid } from './pdd-sim-params.js'

/**
 * `pdd.ddk.goods.search` by `goods_sign_list` (the only query the simulator
 * serves). Unknown signs and goods outside the program are simply absent.
 */
export function goodsSearch(params: Readonly<Record<string, string>>, state: SimState): SimResponse {
  requirePid(params, 'pid')
  const signs = requireGoodsSignList(params)
  requireRegistered(state, optionalCustomParameters(params))
  const searchId = token(`pdd-search:${signs.join(',')}`, 24)
  const goods = signs
    .map((sign) => itemKeyFromApiId('pdd', sign))
    .filter((key): key is string => key !== undefined)
    .map((key) => simItem('pdd', key))
    .filter((item) => item.inProgram)
    .map((item) => pddGoodsEntry(item, searchId))
  return pddOk('goods_search_response', {
    goods_list: goods,
    list_id: token(`pdd-list:${signs.join(',')}`, 16),
    search_id: searchId,
    total_count: goods.length,
  })
}
