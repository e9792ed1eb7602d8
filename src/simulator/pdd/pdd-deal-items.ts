import { CATEGORIES, type SimItem, simItem } from '../catalog.js'
import { digits } from '../sim-hash.js'

/** A search has this many pages, then nothing. */
export const PDD_DEAL_PAGES = 10

/** How many keys one slot may draw looking for an item that fits the query. */
const MAX_DRAWS = 24

export interface PddDealQuery {
  /** Undefined or empty: the general selection. */
  readonly keyword: string | undefined
  /** 1-based. */
  readonly page: number
  readonly pageSize: number
  readonly withCoupon: boolean
}

/**
 * The in-program items of one search page, the same every time for the same
 * query. Each slot draws keys until an item fits (category or title matches
 * the keyword, coupon when asked for); a slot whose draws all miss falls back
 * to its last in-program draw, and one with none at all stays empty.
 */
export function pddDealItems(query: PddDealQuery): readonly SimItem[] {
  if (query.page < 1 || query.page > PDD_DEAL_PAGES) return []
  const keyword = query.keyword ?? ''
  const items: SimItem[] = []
  for (let slot = 0; slot < query.pageSize; slot++) {
    let fallback: SimItem | undefined
    let chosen: SimItem | undefined
    for (let draw = 0; draw < MAX_DRAWS && chosen === undefined; draw++) {
      const item = simItem('pdd', digits(`deals:pdd:${keyword}:${query.page}:${slot}:${draw}`, 12))
      if (!item.inProgram || (query.withCoupon && item.coupon === null)) continue
      if (matches(item, keyword)) chosen = item
      else fallback ??= item
    }
    const item = chosen ?? fallback
    if (item) items.push(item)
  }
  return items
}

function matches(item: SimItem, keyword: string): boolean {
  if (keyword === '') return true
  if ((CATEGORIES as readonly string[]).includes(keyword)) return item.category === keyword
  return item.title.includes(keyword)
}
