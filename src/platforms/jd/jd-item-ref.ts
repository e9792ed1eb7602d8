import { LinkNotResolvableError } from '../platform-errors.js'

/**
 * An item as a pasted link names it: a sku (item.jd.com/<sku>.html) or,
 * since 2024-12, JD Union's string 联盟商品ID (jingfen.jd.com/detail/<itemId>.html;
 * rise-worlds/jos api/union/goods/query.go, mimicode/tksdk jdopensdk/client_test.go
 * `itemIds`). A link id of digits only is a sku.
 */
export type JdItemRef = { readonly kind: 'sku'; readonly skuId: string } | { readonly kind: 'item'; readonly itemId: string }

const SKU = /^\d{1,20}$/
const ITEM_ID = /^[A-Za-z0-9_-]{4,100}$/

/** @throws LinkNotResolvableError for an id that is neither */
export function jdItemRef(id: string): JdItemRef {
  if (SKU.test(id)) return { kind: 'sku', skuId: id }
  if (ITEM_ID.test(id)) return { kind: 'item', itemId: id }
  throw new LinkNotResolvableError('jd', `"${id}" is neither a JD sku nor a JD Union itemId`)
}

/**
 * The page JD's promotion APIs take as materialId (a bare sku is refused):
 * the item page for a sku, the jingfen detail page for an itemId (the
 * materialUrl goods.query gives for an itemId).
 */
export function jdMaterialUrl(ref: JdItemRef): string {
  return ref.kind === 'sku' ? `https://item.jd.com/${ref.skuId}.html` : `https://jingfen.jd.com/detail/${ref.itemId}.html`
}

/** The id a Promotion carries: the one order rows report for the same item when they can. */
export function jdRefId(ref: JdItemRef): string {
  return ref.kind === 'sku' ? ref.skuId : ref.itemId
}
