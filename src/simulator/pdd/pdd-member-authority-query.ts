import type { SimResponse } from '../sim-platform.js'
import type { SimState } from '../sim-state.js'
import { pddOk } from './pdd-envelope.js'
import { isBound } from './pdd-registration.js'
import { optionalCustomParameters, requirePid } from './pdd-sim-params.js'

/**
 * `pdd.ddk.member.authority.query` (pid + optional custom_parameters) →
 * `authority_query_response.bind` 1 已绑定 / 0 未绑定 (bububa/openpdd
 * MemberAuthorityQueryResponse; the answer sgxiang/pdd-coupon#11 pasted:
 * {"authority_query_response":{"bind":0,"request_id":…}}). With the pid
 * alone it answers for the PID, as bots check it (shineleesvip/AutoSyncScript
 * init.go). Never gated itself.
 */
export function memberAuthorityQuery(params: Readonly<Record<string, string>>, state: SimState): SimResponse {
  requirePid(params, 'pid')
  const custom = optionalCustomParameters(params)
  return pddOk('authority_query_response', { bind: isBound(state, custom) ? 1 : 0 })
}
