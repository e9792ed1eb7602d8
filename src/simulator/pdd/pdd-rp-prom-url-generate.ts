import type { SimRequest, SimResponse } from '../sim-platform.js'
import type { SimState } from '../sim-state.js'
import { issueAuthorizationLinks } from './pdd-authorization-links.js'
import { PDD_NOT_REGISTERED_SUB_MSG, PddSimError, pddOk } from './pdd-envelope.js'
import { optionalBoolean, optionalCustomParameters, optionalInteger, requirePidList } from './pdd-sim-params.js'

/** 营销工具类型 10: 生成绑定备案链接 (niltor/open-pdd-net-sdk GenerateDdkRpPromUrl; bububa/openpdd RpPromUrlGenerateRequest). */
const CHANNEL_TYPE_BIND = 10

/**
 * `pdd.ddk.rp.prom.url.generate` for channel_type 10 only (the other
 * 营销工具 are not simulated): `p_id_list` of one pid ("长度最大为1", the API
 * page), optional `custom_parameters`, `generate_short_url` →
 * `rp_promotion_url_generate_response.url_list[]` (lywzx/pdd-node-sdk
 * PddDdkRpPromUrlGenerate.ts). Without `p_id_list` PDD answered one user
 * with the 备案 refusal (sgxiang/pdd-coupon#11, sent with `pid` instead).
 */
export function rpPromUrlGenerate(params: Readonly<Record<string, string>>, state: SimState, request?: SimRequest): SimResponse {
  const channelType = optionalInteger(params, 'channel_type', -1, 100)
  if (params.p_id_list === undefined || params.p_id_list === '') throw new PddSimError('notRegistered', PDD_NOT_REGISTERED_SUB_MSG)
  const [pid = ''] = requirePidList(params, 'p_id_list', 1)
  const custom = optionalCustomParameters(params)
  const withShort = optionalBoolean(params, 'generate_short_url') ?? false
  if (channelType !== CHANNEL_TYPE_BIND) throw new PddSimError('param', `channel_type ${channelType ?? '(none)'}: 模拟器只提供 10-生成绑定备案链接`)
  const links = issueAuthorizationLinks(state, request?.origin ?? 'http://127.0.0.1', { pid, uid: custom?.uid }, custom?.raw, withShort)
  return pddOk('rp_promotion_url_generate_response', { url_list: [links] })
}
