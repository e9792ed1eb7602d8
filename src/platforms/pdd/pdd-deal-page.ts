import { z } from 'zod'
import { createLogger } from '../../shared/log.js'
import type { CuratedDeal, DealPage, DealQuery } from '../deal-source.js'
import { PlatformRequestError } from '../platform-errors.js'
import { parsePddDeal } from './pdd-deal.js'
import { parsePddResult } from './pdd-envelope.js'
import { pddList } from './pdd-list.js'
import type { PddCall } from './pdd-order-feed.js'

const GOODS_SEARCH = 'pdd.ddk.goods.search'
export const PDD_DEAL_PAGE_SIZE_DEFAULT = 20
/**
 * goods.search takes page_size 10–100 and refuses anything else ("参数校验失败：
 * pageSize的取值范围是10-100！", quoted by two PDD integrations in the search
 * index); a smaller page size is served as 10.
 */
export const PDD_DEAL_PAGE_SIZE_MIN = 10
export const PDD_DEAL_PAGE_SIZE_MAX = 100

const log = createLogger('pdd-deals')

const dealSearchResponseSchema = z.object({
  // Entries are validated one by one, so a bad entry costs only itself.
  goods_list: pddList(z.unknown()),
  // A string in the SDK models (lywzx/pdd-node-sdk PddDdkOrderListIncrementGet.ts), a number in captures.
  total_count: z.union([z.number().int().min(0), z.string().regex(/^\d{1,15}$/).transform(Number)]).nullish(),
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
  const pageSize = Math.min(PDD_DEAL_PAGE_SIZE_MAX, Math.max(PDD_DEAL_PAGE_SIZE_MIN, Math.floor(query.pageSize ?? PDD_DEAL_PAGE_SIZE_DEFAULT)))
  const keyword = query.keyword?.trim() || undefined
  const body = await call(GOODS_SEARCH, { pid, keyword, page, page_size: pageSize })
  const result = parsePddResult(GOODS_SEARCH, body, 'goods_search_response', dealSearchResponseSchema)
  const rows = result.goods_list
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
