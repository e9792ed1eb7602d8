import { simItem, type SimItem } from '../catalog.js'
import type { SimState } from '../sim-state.js'
import { MATERIAL_ERRORS } from './taobao-envelope.js'
import { findMaterialRef } from './taobao-material-ref.js'
import { promoForCode } from './taobao-tpwd-code.js'

export type MaterialResolution =
  | { readonly item: SimItem }
  | { readonly failure: (typeof MATERIAL_ERRORS)[keyof typeof MATERIAL_ERRORS] }

/**
 * The catalog item behind one material entry: item pages by their id, links
 * and 口令 this simulator issued through `promoByCode`, any other well-formed
 * one through `resolveForeign`, keyed by the short link's `e` or `tk` param or
 * else its last path segment, or by the 口令 code.
 */
export function resolveMaterial(entry: string, state: SimState): MaterialResolution {
  const ref = findMaterialRef(entry)
  if (!ref) return { failure: MATERIAL_ERRORS.unparseable }
  if (ref.kind === 'item') return { item: simItem('taobao', ref.itemKey) }
  const reference = ref.kind === 'short' ? ref.reference : ref.code
  const promo = promoForCode(state, reference)
  if (promo) return { item: simItem('taobao', promo.itemKey) }
  const foreign = state.resolveForeign('taobao', reference)
  if (foreign === 'expired') {
    return { failure: ref.kind === 'short' ? MATERIAL_ERRORS.expiredLink : MATERIAL_ERRORS.expiredCode }
  }
  return { item: simItem('taobao', foreign.itemKey) }
}
