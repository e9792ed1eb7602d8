import { type SimItem, simPriceAfterCoupon } from '../catalog.js'
import { token } from '../sim-hash.js'
import type { SimResponse } from '../sim-platform.js'
import { PDD_DEAL_PAGES, pddDealItems } from './pdd-deal-items.js'
import type { SimState } from '../sim-state.js'
import { PddSimError, pddOk } from './pdd-envelope.js'
import { requireRegistered } from './pdd-registration.js'
import { pddGoodsEntry } from './pdd-goods-entry.js'
import { optionalBoolean, optionalCustomParameters, optionalInteger, requirePid } from './pdd-sim-params.js'

const DEFAULT_PAGE_SIZE = 100

/*
 * The sort_type values the simulator honours (within the page: its lists are
 * synthetic, so there is no global order to sort); any other value in range
 * is 综合 (0), the key order.
 */
const SORTS: Readonly<Record<number, (a: SimItem, b: SimItem) => number>> = {
  1: (a, b) => a.commissionRateBp - b.commissionRateBp,
  2: (a, b) => b.commissionRateBp - a.commissionRateBp,
  5: (a, b) => a.monthlySales - b.monthlySales,
  6: (a, b) => b.monthlySales - a.monthlySales,
  9: (a, b) => simPriceAfterCoupon(a) - simPriceAfterCoupon(b),
  10: (a, b) => simPriceAfterCoupon(b) - simPriceAfterCoupon(a),
}

/**
 * `pdd.ddk.goods.search` by `keyword` (or by nothing: the general selection),
 * paged by `page`/`page_size`: deterministic lists of in-program goods, a
 * category keyword (美妆, 数码, …) favouring goods of that category, and
 * {@link PDD_DEAL_PAGES} pages in all (`total_count` says so). `list_id` is
 * accepted and, like PDD's, the same on every page of one search.
 */
export function goodsKeywordSearch(params: Readonly<Record<string, string>>, state: SimState): SimResponse {
  requirePid(params, 'pid')
  requireRegistered(state, optionalCustomParameters(params))
  const keyword = params.keyword === '' ? undefined : params.keyword
  const page = optionalInteger(params, 'page', 1, 10_000) ?? 1
  const pageSize = goodsSearchPageSize(params)
  const sortType = optionalInteger(params, 'sort_type', 0, 40) ?? 0
  const withCoupon = optionalBoolean(params, 'with_coupon') ?? false
  const items = [...pddDealItems({ keyword, page, pageSize, withCoupon })]
  const sort = SORTS[sortType]
  if (sort) items.sort(sort)
  const query = `${keyword ?? ''}|${sortType}|${withCoupon}`
  const searchId = token(`pdd-search:${query}|${page}|${pageSize}`, 24)
  return pddOk('goods_search_response', {
    goods_list: items.map((item) => pddGoodsEntry(item, searchId)),
    list_id: token(`pdd-list:${query}`, 16),
    search_id: searchId,
    total_count: PDD_DEAL_PAGES * pageSize,
  })
}

/** goods.search takes page_size 10–100 ("参数校验失败：pageSize的取值范围是10-100！", quoted by two PDD integrations). */
function goodsSearchPageSize(params: Readonly<Record<string, string>>): number {
  const text = params.page_size
  if (text === undefined || text === '') return DEFAULT_PAGE_SIZE
  const size = /^\d{1,4}$/.test(text) ? Number(text) : NaN
  if (!(size >= 10 && size <= 100)) throw new PddSimError('param', '参数校验失败：pageSize的取值范围是10-100！')
  return size
}
