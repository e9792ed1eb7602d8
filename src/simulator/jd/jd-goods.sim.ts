import { z } from 'zod'
import { itemKeyFromApiId, simItem } from '../catalog.js'
import type { SimState } from '../sim-state.js'
import { jdFail, type JdInnerResult, jdOk, jdParamError } from './jd-envelope.js'
import { itemKeyFromUnionItemId } from './jd-union-item-id.js'
import { JD_DEAL_PAGES, jdDealItems } from './jd-deal-items.js'
import { jdGoodsDto } from './jd-goods-dto.js'
import { resolveJdMaterial } from './jd-material.js'
import { describeIssues } from './jd-request-object.js'

const GoodsReqDTO = z
  .object({
    skuIds: z.array(z.union([z.number().int().positive(), z.string().regex(/^\d+$/)])).max(20).optional(),
    /** 联盟商品ID集合, at most 20 (rise-worlds/jos sdk/request/union/goods/query.go). */
    itemIds: z.array(z.string()).max(20).optional(),
    keyword: z.string().trim().min(1).optional(),
    pageIndex: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(30).default(20),
    isCoupon: z.coerce.number().int().min(0).max(1).optional(),
  })
  .refine(
    (req) => (req.skuIds?.length ?? 0) > 0 || (req.itemIds?.length ?? 0) > 0 || req.keyword !== undefined,
    'skuIds、itemIds和keyword不能同时为空',
  )

/**
 * jd.union.open.goods.query (高级API): by skuIds, itemIds, or by keyword. Items outside the
 * program are left out, as JD does. A keyword that is a sku or a JD link
 * (item page, u.jd.com, union-click — as real JD takes union links) finds
 * that one item; free text pages through a fixed list of items whose
 * category is the keyword or whose title contains it (`isCoupon: 1`: only
 * items with a coupon).
 */
export function goodsQuery(request: unknown, state: SimState): JdInnerResult {
  const parsed = GoodsReqDTO.safeParse(request)
  if (!parsed.success) return jdParamError(describeIssues(parsed.error))
  const { skuIds, itemIds, keyword, pageIndex, pageSize, isCoupon } = parsed.data
  if (itemIds && itemIds.length > 0) {
    const found = itemIds
      .map(itemKeyFromUnionItemId)
      .filter((key) => key !== undefined)
      .map((key) => simItem('jd', key))
      .filter((item) => item.inProgram)
    if (found.length === 0) return jdFail(201, '未查询到满足条件的商品')
    return jdOk(found.map((item) => jdGoodsDto(item, 'itemId')), { totalCount: found.length, hasMore: false })
  }
  if (!skuIds && keyword !== undefined && !isItemReference(keyword)) {
    const found = jdDealItems({ list: keyword, keyword, page: pageIndex, pageSize, withCoupon: isCoupon === 1 })
    return jdOk(found.map((item) => jdGoodsDto(item)), { totalCount: JD_DEAL_PAGES * pageSize, hasMore: pageIndex < JD_DEAL_PAGES })
  }
  const keys = skuIds ? skuIds.map((sku) => itemKeyFromApiId('jd', String(sku))) : keywordKeys(keyword ?? '', state)
  const items = [...new Set(keys)]
    .filter((key) => key !== undefined)
    .map((key) => simItem('jd', key))
    .filter((item) => item.inProgram)
  const page = items.slice((pageIndex - 1) * pageSize, pageIndex * pageSize)
  // 201 未查询到满足条件的商品 (JD's goods.query error table): nothing matched at all.
  if (items.length === 0) return jdFail(201, '未查询到满足条件的商品')
  return jdOk(page.map((item) => jdGoodsDto(item)), { totalCount: items.length, hasMore: pageIndex * pageSize < items.length })
}

const SKU = /^\d{5,20}$/
const URL_PREFIX = /^https?:\/\//i

function isItemReference(keyword: string): boolean {
  return SKU.test(keyword) || URL_PREFIX.test(keyword)
}

/** A sku or a JD link as keyword: that one item, or none. */
function keywordKeys(keyword: string, state: SimState): (string | undefined)[] {
  if (SKU.test(keyword)) return [itemKeyFromApiId('jd', keyword)]
  const material = resolveJdMaterial(keyword, state)
  return 'error' in material ? [] : [material.itemKey]
}
