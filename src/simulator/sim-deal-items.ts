import type { Platform } from '../links/parsed-link.js'
import { CATEGORIES, type SimItem, simItem } from './catalog.js'
import { digits } from './sim-hash.js'

/** A curated list or keyword search has this many pages, then nothing. */
export const SIM_DEAL_PAGES = 10

/** How many keys one slot may draw looking for an item that fits the query. */
const MAX_DRAWS = 96

export interface SimDealQuery {
  /** What seeds the list: the keyword, or a named selection (a jingfen eliteId, a material id). */
  readonly list: string
  /** Keyword the items should match; undefined or empty for a selection. */
  readonly keyword: string | undefined
  /** 1-based. */
  readonly page: number
  readonly pageSize: number
  readonly withCoupon: boolean
}

/**
 * The in-program items of one page of a platform's curated material, the
 * same every time for the same query. Each slot draws keys until an item
 * fits (its category is the keyword, or its title contains it; has a coupon
 * when asked); when every draw misses the slot takes its last in-program
 * draw, so a page is rarely short.
 */
export function simDealItems(platform: Platform, query: SimDealQuery): readonly SimItem[] {
  if (query.page < 1 || query.page > SIM_DEAL_PAGES) return []
  const items: SimItem[] = []
  for (let slot = 0; slot < query.pageSize; slot++) {
    let fallback: SimItem | undefined
    let chosen: SimItem | undefined
    for (let draw = 0; draw < MAX_DRAWS && chosen === undefined; draw++) {
      const item = simItem(platform, digits(`deals:${platform}:${query.list}:${query.page}:${slot}:${draw}`, 12))
      if (!item.inProgram || (query.withCoupon && item.coupon === null)) continue
      if (matches(item, query.keyword)) chosen = item
      else fallback = item
    }
    const item = chosen ?? fallback
    if (item) items.push(item)
  }
  return items
}

function matches(item: SimItem, keyword: string | undefined): boolean {
  if (keyword === undefined || keyword === '') return true
  if ((CATEGORIES as readonly string[]).includes(keyword)) return item.category === keyword
  return item.title.includes(keyword)
}
