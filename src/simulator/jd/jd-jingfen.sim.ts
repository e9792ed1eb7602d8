import { z } from 'zod'
import type { SimState } from '../sim-state.js'
import { type JdInnerResult, jdOk, jdParamError } from './jd-envelope.js'
import { JD_DEAL_PAGES, jdDealItems } from './jd-deal-items.js'
import { jdGoodsDto } from './jd-goods-dto.js'
import { describeIssues } from './jd-request-object.js'

const GoodsReq = z.object({
  /** 1 好券商品, 2 精选卖场, 10 9.9包邮, 22 实时热销, 40 高收益…; the simulator seeds a list per id. */
  eliteId: z.coerce.number().int().positive(),
  pageIndex: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
  sortName: z.string().optional(),
  sort: z.string().optional(),
  pid: z.string().optional(),
})

/** 好券商品: every item of that list carries a coupon. */
const COUPON_ELITE_ID = 1

/**
 * jd.union.open.goods.jingfen.query (京粉精选): `goodsReq` → one page of the
 * selection, goods rows shaped as goods.query's. Sorting is accepted and
 * ignored; past the last page the list is empty.
 */
export function jingfenQuery(request: unknown, _state: SimState): JdInnerResult {
  const parsed = GoodsReq.safeParse(request)
  if (!parsed.success) return jdParamError(describeIssues(parsed.error))
  const { eliteId, pageIndex, pageSize } = parsed.data
  const items = jdDealItems({
    list: `elite${eliteId}`,
    keyword: undefined,
    page: pageIndex,
    pageSize,
    withCoupon: eliteId === COUPON_ELITE_ID,
  })
  return jdOk(items.map((item) => jdGoodsDto(item)), { totalCount: JD_DEAL_PAGES * pageSize, hasMore: pageIndex < JD_DEAL_PAGES })
}
