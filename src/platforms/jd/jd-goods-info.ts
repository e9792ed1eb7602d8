import { z } from 'zod'
import { jdHundredths } from './jd-decimal.js'

/**
 * One row of jd.union.open.goods.promotiongoodsinfo.query (获取推广商品信息,
 * a 通用API): fields per rise-worlds/jos api/union/goods/promotionGoodsInfoQuery.go
 * and mimicode/tksdk jdopensdk/response/jdunionopengoodspromotiongoodsinfoquery.
 * `wlUnitPrice` -1 means JD found no price for the sku.
 */
const InfoSchema = z.object({
  skuId: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).transform(String),
  goodsName: z.string().trim().min(1),
  unitPrice: z.union([z.number(), z.string()]).optional(),
  wlUnitPrice: z.union([z.number(), z.string()]).optional(),
  commisionRatioWl: jdHundredths.optional(),
  commisionRatioPc: jdHundredths.optional(),
  imgUrl: z.string().optional(),
})

/** What goods.promotiongoodsinfo.query tells of a sku, in fen and basis points; no coupons. */
export interface JdGoodsInfo {
  readonly skuId: string
  readonly title: string
  readonly imageUrl: string | undefined
  readonly priceFen: number
  readonly commissionRateBp: number
}

/**
 * The info row for `skuId` out of the answer's `data`, or undefined when
 * JD has none (not promoted, unknown) or no usable price. The mobile price
 * and rate are taken first: our buyers open links in WeChat.
 */
export function readJdGoodsInfo(data: unknown, skuId: string): JdGoodsInfo | undefined {
  const rows = Array.isArray(data) ? data : []
  for (const raw of rows) {
    const parsed = InfoSchema.safeParse(raw)
    if (!parsed.success || parsed.data.skuId !== skuId) continue
    const row = parsed.data
    const priceFen = firstPrice(row.wlUnitPrice, row.unitPrice)
    const commissionRateBp = row.commisionRatioWl ?? row.commisionRatioPc
    if (priceFen === undefined || commissionRateBp === undefined) return undefined
    return { skuId, title: row.goodsName, imageUrl: row.imgUrl || undefined, priceFen, commissionRateBp }
  }
  return undefined
}

function firstPrice(...candidates: (number | string | undefined)[]): number | undefined {
  for (const candidate of candidates) {
    const fen = candidate === undefined ? undefined : jdHundredths.safeParse(candidate).data
    if (fen !== undefined && fen > 0) return fen
  }
  return undefined
}
