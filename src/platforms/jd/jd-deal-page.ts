import { z } from 'zod'
import type { CuratedDeal, DealPage } from '../deal-source.js'
import { parseJdData, type JdResult } from './jd-envelope.js'
import { parseJdDeal } from './jd-deal.js'
import { jdRows } from './jd-rows.js'

const RowsSchema = z.preprocess((data) => jdRows(data) ?? data, z.array(z.unknown()))

export interface JdDealPageContext {
  readonly pageIndex: number
  readonly pageSize: number
  readonly now: Date
}

/** A deal page plus the reasons its rejected rows were left out. */
export interface JdDealPage extends DealPage {
  readonly rejected: readonly string[]
}

/**
 * The deals of a jingfen.query / goods.query answer. Bad rows and repeats of
 * a sku are left out, never fatal; only a `data` that is no list is.
 * `hasMore` is JD's own flag when sent, else judged from `totalCount`, else
 * from a full page.
 * @throws PlatformResponseError when `data` is not a list
 */
export function readJdDealPage(method: string, result: JdResult, context: JdDealPageContext): JdDealPage {
  const rows = parseJdData(method, RowsSchema, result)
  const seen = new Set<string>()
  const deals: CuratedDeal[] = []
  const rejected: string[] = []
  for (const row of rows) {
    const outcome = parseJdDeal(row, context.now)
    if (outcome.kind === 'rejected') rejected.push(outcome.reason)
    else if (!seen.has(outcome.deal.itemId)) {
      seen.add(outcome.deal.itemId)
      deals.push(outcome.deal)
    }
  }
  const hasMore =
    result.hasMore ??
    (result.totalCount !== undefined
      ? context.pageIndex * context.pageSize < result.totalCount
      : rows.length >= context.pageSize)
  return { deals, hasMore, rejected }
}
