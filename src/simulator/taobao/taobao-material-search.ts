import { simPriceAfterCoupon, type SimItem } from '../catalog.js'
import { TAOBAO_DEAL_PAGES, taobaoDealItems } from './taobao-deal-items.js'
import { FOREIGN_ADZONE_ID, invalidArgument, missingArgument, TBK_ERRORS, topError, topSuccess, type TopHandler } from './taobao-envelope.js'
import { materialItem } from './taobao-material-item.js'

export const MATERIAL_SEARCH_METHOD = 'taobao.tbk.dg.material.optional.upgrade'

const NUMERIC_ID = /^\d{1,20}$/
/** "不传时默认物料material_id=80309" (official SDK `TbkDgMaterialOptionalUpgradeRequest`, 2023.10.16). */
const DEFAULT_MATERIAL_ID = '80309'
const DEFAULT_PAGE_SIZE = 20
const MAX_PAGE_SIZE = 100

/*
 * The sort values the simulator honours, within the page (its lists are
 * synthetic, so there is no global order); any other value is match order.
 */
const SORTS: Readonly<Record<string, (a: SimItem, b: SimItem) => number>> = {
  total_sales_des: (a, b) => b.monthlySales - a.monthlySales,
  total_sales_asc: (a, b) => a.monthlySales - b.monthlySales,
  tk_rate_des: (a, b) => b.commissionRateBp - a.commissionRateBp,
  tk_rate_asc: (a, b) => a.commissionRateBp - b.commissionRateBp,
  price_asc: (a, b) => simPriceAfterCoupon(a) - simPriceAfterCoupon(b),
  price_des: (a, b) => simPriceAfterCoupon(b) - simPriceAfterCoupon(a),
}

/**
 * 物料搜索升级版 by `q`, or without one the selection of `material_id` (default 80309):
 * deterministic pages of in-program items, a category keyword (美妆, 数码, …)
 * favouring items of that category, {@link TAOBAO_DEAL_PAGES} pages in all
 * (`total_results` says so), empty pages beyond.
 */
export const handleMaterialSearch: TopHandler = (params, _state, requestId) => {
  const { adzone_id: adzoneId, material_id: materialId } = params
  if (!adzoneId) return topError(requestId, missingArgument('adzone_id'))
  if (!NUMERIC_ID.test(adzoneId)) return topError(requestId, invalidArgument('adzone_id'))
  if (adzoneId === FOREIGN_ADZONE_ID) return topError(requestId, TBK_ERRORS.pidNotCorrect)
  const keyword = params.q?.trim() || undefined
  if (materialId !== undefined && !NUMERIC_ID.test(materialId)) return topError(requestId, invalidArgument('material_id'))
  const page = integerParam(params.page_no, 1, 10_000, 1)
  const pageSize = integerParam(params.page_size, 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE)
  if (page === undefined) return topError(requestId, invalidArgument('page_no'))
  if (pageSize === undefined) return topError(requestId, invalidArgument('page_size'))
  const hasCoupon = params.has_coupon
  if (hasCoupon !== undefined && hasCoupon !== 'true' && hasCoupon !== 'false') {
    return topError(requestId, invalidArgument('has_coupon'))
  }
  const list = keyword ?? `material:${materialId ?? DEFAULT_MATERIAL_ID}`
  const items = [...taobaoDealItems({ list, keyword, page, pageSize, withCoupon: hasCoupon === 'true' })]
  const sort = SORTS[params.sort ?? '']
  if (sort) items.sort(sort)
  return topSuccess(MATERIAL_SEARCH_METHOD, requestId, {
    total_results: TAOBAO_DEAL_PAGES * pageSize,
    result_list: { map_data: items.map((item) => materialItem(item, adzoneId)) },
  })
}

/** A whole number in range, the default when absent, undefined when unreadable. */
function integerParam(value: string | undefined, min: number, max: number, fallback: number): number | undefined {
  if (value === undefined || value === '') return fallback
  if (!/^\d{1,6}$/.test(value)) return undefined
  const number = Number(value)
  return number >= min && number <= max ? number : undefined
}
