import type { SimResponse } from '../sim-platform.js'
import type { SimState } from '../sim-state.js'
import { PddSimError, pddOk } from './pdd-envelope.js'
import { pddPromoUrls } from './pdd-promo-urls.js'
import { optionalCustomParameters, requirePid, requireText } from './pdd-sim-params.js'
import { requireRegistered } from './pdd-registration.js'
import { resolveSourceUrl } from './pdd-source-url.js'

/** `pdd.ddk.goods.zs.unit.url.gen`: 转链 any PDD link into this pid's promo link. */
export function goodsZsUnitUrlGen(params: Readonly<Record<string, string>>, state: SimState): SimResponse {
  const pid = requirePid(params, 'pid')
  const sourceUrl = requireText(params, 'source_url')
  const custom = optionalCustomParameters(params)
  requireRegistered(state, custom)
  const item = resolveSourceUrl(sourceUrl, state)
  if (!item.inProgram) throw new PddSimError('notPromotable', `商品不支持推广: ${item.apiId}`)
  const promo = state.issuePromo('pdd', item.itemKey, custom?.uid)
  return pddOk('goods_zs_unit_generate_response', pddPromoUrls(promo, item, pid, custom?.raw))
}
