import type { SimState } from '../sim-state.js'
import { PDD_NOT_REGISTERED_SUB_MSG, PddSimError } from './pdd-envelope.js'

/**
 * PDD's 授权备案 gate on the link and search APIs (reference C7;
 * sgxiang/pdd-coupon README and #11: "如果遇到领券 搜索接口报错，需要用
 * rp.prom.url.generate 对pid备案一次"):
 * - the PID: until it is registered (`settings.pddPidRegistered`), goods.search,
 *   goods.promotion.url.generate and goods.zs.unit.url.gen refuse everything;
 * - the user: with `settings.pddUserAuthorization`, a call carrying a
 *   `custom_parameters` whose uid has not done 备案 is refused the same way
 *   (one bot's notes in the search index: 备案 is per pid + custom_parameters,
 *   "每个用户都得自己授权一次，否则转链会报「未传入已经授权备案过的相关参数」").
 * member.authority.query, rp.prom.url.generate with channel_type 10 and the
 * order APIs are not gated (UNCERTAIN for the order APIs: no capture shows
 * them refusing).
 */
export function requireRegistered(state: SimState, custom: { readonly uid: string } | undefined): void {
  if (!isBound(state, custom)) throw new PddSimError('notRegistered', PDD_NOT_REGISTERED_SUB_MSG)
}

/** What member.authority.query answers: the PID's 备案, and with a uid that uid's too (when the platform asks for it). */
export function isBound(state: SimState, custom: { readonly uid: string } | undefined): boolean {
  if (!state.settings.pddPidRegistered) return false
  if (custom === undefined || !state.settings.pddUserAuthorization) return true
  return state.pddAuthorized.has(custom.uid)
}
