import { itemKeyFromApiId, simItem } from '../catalog.js'
import type { SimResponse } from '../sim-platform.js'
import type { SimState } from '../sim-state.js'
import { PddSimError, pddOk } from './pdd-envelope.js'
import { pddPromoUrls } from './pdd-promo-urls.js'
import { requireRegistered } from './pdd-registration.js'
import { optionalBoolean, optionalCustomParameters, requireGoodsSignList, requirePid } from './pdd-sim-params.js'

/** `pdd.ddk.goods.promotion.url.generate`: one link set per goods_sign, each issued to the uid. */
export function goodsPromotionUrlGenerate(params: Readonly<Record<string, string>>, state: SimState): SimResponse {
  const pid = requirePid(params, 'p_id')
  const signs = requireGoodsSignList(params)
  const custom = optionalCustomParameters(params)
  requireRegistered(state, custom)
  const withShort = optionalBoolean(params, 'generate_short_url') ?? false
  const list = signs.map((sign) => {
    const itemKey = itemKeyFromApiId('pdd', sign)
    if (itemKey === undefined) throw new PddSimError('notPromotable', `goods_sign ${sign} 对应的商品不存在`)
    const item = simItem('pdd', itemKey)
    if (!item.inProgram) throw new PddSimError('notPromotable', `商品不支持推广: ${sign}`)
    const promo = state.issuePromo('pdd', itemKey, custom?.uid)
    return pddPromoUrls(promo, item, pid, custom?.raw, withShort)
  })
  return pddOk('goods_promotion_url_generate_response', { goods_promotion_url_list: list })
}
