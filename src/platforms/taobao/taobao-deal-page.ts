import { z } from 'zod'
import { createLogger } from '../../shared/log.js'
import type { CuratedDeal, DealPage, DealQuery } from '../deal-source.js'
import { PlatformRequestError } from '../platform-errors.js'
import { parseTaobaoDeal } from './taobao-deal.js'
import { parseTaobaoRoot } from './taobao-envelope.js'
import { optionalCount } from './taobao-fields.js'
import { topList } from './taobao-list.js'
import type { BusinessParams } from './taobao-request.js'

export const MATERIAL_SEARCH_METHOD = 'taobao.tbk.dg.material.optional.upgrade'
export const TAOBAO_DEAL_PAGE_SIZE_DEFAULT = 20
/** The largest page_size 物料搜索 serves. */
export const TAOBAO_DEAL_PAGE_SIZE_MAX = 100
/**
 * The material searched when the query has no keyword: 80309 is the documented
 * default of 物料搜索升级版's material_id (official SDK `TbkDgMaterialOptionalUpgradeRequest`, C5);
 * 2836 belongs to the old `dg.material.optional`.
 */
export const TAOBAO_GENERAL_MATERIAL_ID = '80309'

const log = createLogger('taobao-deals')

const MaterialSearchRoot = z.object({
  // Entries are validated one by one, so a bad entry costs only itself.
  result_list: topList(z.unknown()),
  total_results: optionalCount,
  request_id: z.string().optional(),
})

/** One signed TOP call returning the success root (TaobaoPlatform.call). */
export type TaobaoCall = (method: string, business: BusinessParams) => Promise<Record<string, unknown>>

/**
 * One page of 物料搜索升级版 by keyword (none: the general material). There is
 * no `has_more`: there is more while this page is not empty and
 * `total_results` lies beyond it, or, without a count, while the page came back full.
 * @throws PlatformRequestError for a page below 1; PlatformAuthError, … from the call
 */
export async function fetchTaobaoDealPage(call: TaobaoCall, adzoneId: string, query: DealQuery, now: Date): Promise<DealPage> {
  const page = query.page ?? 1
  if (!Number.isInteger(page) || page < 1) {
    throw new PlatformRequestError('taobao', `taobao deals: page must be a whole number ≥ 1, got ${page}`)
  }
  const pageSize = Math.min(TAOBAO_DEAL_PAGE_SIZE_MAX, Math.max(1, Math.floor(query.pageSize ?? TAOBAO_DEAL_PAGE_SIZE_DEFAULT)))
  const keyword = query.keyword?.trim() || undefined
  const root = await call(MATERIAL_SEARCH_METHOD, {
    adzone_id: adzoneId,
    q: keyword,
    material_id: keyword === undefined ? TAOBAO_GENERAL_MATERIAL_ID : undefined,
    page_no: page,
    page_size: pageSize,
  })
  const result = parseTaobaoRoot(MATERIAL_SEARCH_METHOD, MaterialSearchRoot, root)
  const deals: CuratedDeal[] = []
  result.result_list.forEach((row, index) => {
    const parsed = parseTaobaoDeal(row, now)
    if ('deal' in parsed) deals.push(parsed.deal)
    else log.warn('skipped a material search entry', { keyword, page, index, reason: parsed.rejected, requestId: result.request_id })
  })
  const rows = result.result_list.length
  const total = result.total_results
  const hasMore = rows > 0 && (total === undefined ? rows >= pageSize : page * pageSize < total)
  return { deals, hasMore }
}
