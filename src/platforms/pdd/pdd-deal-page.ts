import { z } from 'zod'
import { createLogger } from '../../shared/log.js'
import type { CuratedDeal, DealPage, DealQuery } from '../deal-source.js'
import { PlatformRequestError } from '../platform-errors.js'
import { parsePddDeal } from './pdd-deal.js'
import { parsePddResult } from './pdd-envelope.js'
import type { PddCall } from './pdd-order-feed.js'

const GOODS_SEARCH = 'pdd.ddk.goods.search'
export const PDD_DEAL_PAGE_SIZE_DEFAULT = 20
/** The largest page_size goods.search serves. */
export const PDD_DEAL_PAGE_SIZE_MAX = 100

const log = createLogger('pdd-deals')

const dealSearchResponseSchema = z.object({
  // Entries are validated one by one, so a bad entry costs only itself.
  goods_list: z.array(z.unknown()).nullish(),
  total_count: z.number().int().min(0).nullish(),
})

/**
 * One page of `pdd.ddk.goods.search` by keyword (none: PDD's general
 * selection), coupon goods first-class but not required. PDD has no
 * `has_more`: there is more while this page is not empty and `total_count`
 * lies beyond it, or, without a count, while the page came back full.
 * @throws PlatformRequestError for a page below 1; PlatformAuthError, … from the call
 */
export async function fetchPddDealPage(call: PddCall, pid: string, query: DealQuery, now: Date): Promise<DealPage> {
  const page = query.page ?? 1
  if (!Number.isInteger(page) || page < 1) throw new PlatformRequestError('pdd', `pdd deals: page must be a whole number ≥ 1, got ${page}`)
  const pageSize = Math.min(PDD_DEAL_PAGE_SIZE_MAX, Math.max(1, Math.floor(query.pageSize ?? PDD_DEAL_PAGE_SIZE_DEFAULT)))
  const keyword = query.keyword?.trim() || undefined
  const body = await call(GOODS_SEARCH, { pid, keyword, page, page_size: pageSize })
  const result = parsePddResult(GOODS_SEARCH, body, 'goods_search_response', dealSearchResponseSchema)
  const rows = result.goods_list ?? []
  const deals: CuratedDeal[] = []
  rows.forEach((row, index) => {
    const parsed = parsePddDeal(row, now)
    if ('deal' in parsed) deals.push(parsed.deal)
    else log.warn('skipped a goods.search entry', { keyword, page, index, reason: parsed.rejected })
  })
  const totalCount = result.total_count ?? undefined
  const hasMore = rows.length > 0 && (totalCount === undefined ? rows.length >= pageSize : page * pageSize < totalCount)
  return { deals, hasMore }
}
