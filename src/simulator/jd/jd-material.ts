import { itemKeyFromApiId } from '../catalog.js'
import type { SimState } from '../sim-state.js'
import { jdFail, type JdInnerResult } from './jd-envelope.js'
import { itemKeyFromUnionItemId } from './jd-union-item-id.js'

/** An item a materialId / keyword URL points at; `itemPage` when it named the item directly. */
export type JdMaterial = { readonly itemKey: string; readonly itemPage: boolean } | { readonly error: JdInnerResult }

const ITEM_HOSTS = new Set(['item.jd.com', 'item.m.jd.com', 'm.jd.com', 'wqsitem.jd.com', 'item.jd.hk', 'npcitem.jd.hk'])
const SHORT_HOSTS = new Set(['u.jd.com', '3.cn', '3.jd.com', '3.jd.hk'])
const CLICK_HOST = 'union-click.jd.com'
/** goods.query's materialUrl for a 联盟商品ID (rise-worlds/jos api/union/goods/query.go). */
const JINGFEN_HOST = 'jingfen.jd.com'

const malformed = (): JdMaterial => ({ error: jdFail(2001101, 'materialId链接格式错误') })

/**
 * Resolves what promotion.*.get accepts as materialId: item pages (also
 * jingfen.jd.com/detail/{itemId}.html), union short links (u.jd.com, 3.cn)
 * and union-click links. A bare sku is not a URL
 * and is refused, as on JD.
 */
export function resolveJdMaterial(material: string, state: SimState): JdMaterial {
  let url: URL
  try {
    url = new URL(material)
  } catch {
    return malformed()
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return malformed()
  const host = url.hostname.toLowerCase()
  if (host === JINGFEN_HOST) {
    const itemId = /^\/detail\/([A-Za-z0-9_-]+)\.html$/.exec(url.pathname)?.[1]
    const itemKey = itemId === undefined ? undefined : itemKeyFromUnionItemId(itemId)
    return itemKey === undefined ? malformed() : { itemKey, itemPage: true }
  }
  if (ITEM_HOSTS.has(host)) {
    const sku = /(\d{5,20})(?:\.html|_)/.exec(url.pathname)?.[1] ?? url.searchParams.get('sku') ?? ''
    const itemKey = itemKeyFromApiId('jd', sku)
    return itemKey === undefined ? malformed() : { itemKey, itemPage: true }
  }
  const reference =
    host === CLICK_HOST ? url.searchParams.get('e') || url.searchParams.get('p') || url.search.slice(1)
    : SHORT_HOSTS.has(host) ? url.pathname.split('/').filter(Boolean).pop()
    : undefined
  if (!reference) return malformed()
  const promo = state.promoByCode(reference)
  if (promo?.platform === 'jd') return { itemKey: promo.itemKey, itemPage: false }
  const foreign = state.resolveForeign('jd', reference)
  if (foreign === 'expired') return { error: jdFail(2001102, 'materialId无法识别，链接已失效') }
  return { itemKey: foreign.itemKey, itemPage: false }
}
