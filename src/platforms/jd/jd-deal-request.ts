import type { DealQuery } from '../deal-source.js'
import { PlatformRequestError } from '../platform-errors.js'

export const JD_JINGFEN_METHOD = 'jd.union.open.goods.jingfen.query'

/** 京粉精选 list 1, 好券商品: items that come with a coupon. */
export const JD_DEAL_ELITE_ID = 1

const DEFAULT_PAGE_SIZE = 20
/** goods.jingfen.query takes up to 50 a page, goods.query up to 30. */
const MAX_PAGE_SIZE = { jingfen: 50, keyword: 30 } as const

/** One curated-material call: jingfen.query without a keyword, goods.query with one. */
export interface JdDealRequest {
  readonly keyword: string | undefined
  readonly pageIndex: number
  readonly pageSize: number
  /** `{goodsReq}` for jingfen.query, `{goodsReqDTO}` for goods.query. */
  readonly businessParams: Readonly<Record<string, unknown>>
}

/**
 * The request for a deal query; a blank keyword counts as none, and the page
 * size is capped to what the method allows.
 * @throws PlatformRequestError for a page or page size that is not a positive integer
 */
export function jdDealRequest(query: DealQuery): JdDealRequest {
  const keyword = query.keyword?.trim() || undefined
  const pageIndex = positiveInteger('page', query.page ?? 1)
  const max = keyword === undefined ? MAX_PAGE_SIZE.jingfen : MAX_PAGE_SIZE.keyword
  const pageSize = Math.min(positiveInteger('pageSize', query.pageSize ?? DEFAULT_PAGE_SIZE), max)
  const businessParams =
    keyword === undefined
      ? { goodsReq: { eliteId: JD_DEAL_ELITE_ID, pageIndex, pageSize } }
      : { goodsReqDTO: { keyword, pageIndex, pageSize, isCoupon: 1 } }
  return { keyword, pageIndex, pageSize, businessParams }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new PlatformRequestError('jd', `deal ${name} must be a positive integer, got ${value}`)
  }
  return value
}
