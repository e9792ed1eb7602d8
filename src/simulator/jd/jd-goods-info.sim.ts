import { z } from 'zod'
import { itemKeyFromApiId, simItem, type SimItem } from '../catalog.js'
import { digits } from '../sim-hash.js'
import type { SimState } from '../sim-state.js'
import { type JdInnerResult, jdOk, jdParamError } from './jd-envelope.js'
import { describeIssues } from './jd-request-object.js'

/** `{"skuIds":"123,456"}`, not wrapped in a request object (mimicode/tksdk client_test.go; rise-worlds/jos). */
const Request = z.object({
  skuIds: z.union([z.string(), z.number().int().positive().transform(String)]).transform((list) =>
    list
      .split(',')
      .map((sku) => sku.trim())
      .filter(Boolean),
  ),
})

const MAX_SKUS = 100

const yuan = (fen: number): number => fen / 100
const DAY_MS = 86_400_000

/**
 * jd.union.open.goods.promotiongoodsinfo.query (获取推广商品信息, a 通用API
 * on news.jd.com/153_1.html): price, mobile/PC commission ratios, name and
 * image per sku; fields as rise-worlds/jos api/union/goods/promotionGoodsInfoQuery.go
 * and mimicode/tksdk jdunionopengoodspromotiongoodsinfoquery have them.
 * No coupons. Skus outside the program or unknown are left out.
 */
export function promotionGoodsInfoQuery(request: unknown, state: SimState): JdInnerResult {
  const parsed = Request.safeParse(request)
  if (!parsed.success) return jdParamError(describeIssues(parsed.error))
  const skus = parsed.data.skuIds
  if (skus.length === 0 || skus.length > MAX_SKUS) return jdParamError(`skuIds须为1到${MAX_SKUS}个`)
  const rows = skus
    .map((sku) => itemKeyFromApiId('jd', sku))
    .filter((key) => key !== undefined)
    .map((key) => simItem('jd', key))
    .filter((item) => item.inProgram)
    .map((item) => infoRow(item, state.now()))
  return jdOk(rows)
}

function infoRow(item: SimItem, now: Date): Record<string, unknown> {
  const rate = item.commissionRateBp / 100
  return {
    skuId: Number(item.apiId),
    goodsName: item.title,
    unitPrice: yuan(item.priceFen),
    wlUnitPrice: yuan(item.priceFen),
    commisionRatioWl: rate,
    commisionRatioPc: rate,
    materialUrl: `item.jd.com/${item.apiId}.html`,
    imgUrl: item.imageUrl,
    isJdSale: 0,
    isFreeShipping: 1,
    isFreeFreightRisk: 0,
    isSeckill: 0,
    shopId: Number(digits(`jd-shop:${item.shopName}`, 8)),
    vid: Number(digits(`jd-vendor:${item.shopName}`, 8)),
    cidName: item.category,
    inOrderCount: item.monthlySales,
    startDate: now.getTime() - 30 * DAY_MS,
    endDate: now.getTime() + 30 * DAY_MS,
  }
}
