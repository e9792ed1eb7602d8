import { z } from 'zod'
import type { Coupon } from '../platform.js'
import { pddList } from './pdd-list.js'

/**
 * A number as PDD sends it: a JSON number, or digits in a string (some
 * gateways and SDKs stringify longs). Money is whole 分, so a decimal in text
 * ("10.00": yuan?) is refused rather than guessed at.
 */
const wholeNumber = z.union([z.number(), z.string().trim().regex(/^\d{1,15}$/).transform(Number)])
const numeric = z.union([z.number(), z.string().trim().regex(/^\d+(\.\d+)?$/).transform(Number)])
const fen = wholeNumber.pipe(z.number().int().nonnegative())
const unixSeconds = wholeNumber.pipe(z.number().int().nonnegative())

/** One entry of `goods_search_response.goods_list`; money in 分, `promotion_rate` in ‰. */
export const pddGoodsSchema = z.object({
  goods_sign: z.string().min(1),
  goods_name: z.string(),
  goods_thumbnail_url: z.string().nullish(),
  min_group_price: fen,
  min_normal_price: fen.nullish(),
  has_coupon: z.boolean().nullish(),
  coupon_discount: fen.nullish(),
  coupon_min_order_amount: fen.nullish(),
  coupon_start_time: unixSeconds.nullish(),
  coupon_end_time: unixSeconds.nullish(),
  promotion_rate: numeric.pipe(z.number().nonnegative()),
  mall_name: z.string().nullish(),
  sales_tip: z.string().nullish(),
  search_id: z.string().nullish(),
})

export const goodsSearchResponseSchema = z.object({
  goods_list: pddList(pddGoodsSchema),
  list_id: z.string().nullish(),
  search_id: z.string().nullish(),
  total_count: wholeNumber.pipe(z.number().int()).nullish(),
})

/** A promotable PDD goods in our terms: fen and basis points. */
export interface PddGoods {
  readonly goodsSign: string
  readonly title: string
  readonly imageUrl: string | undefined
  /** 拼团价 (`min_group_price`): what nearly every buyer pays. */
  readonly priceFen: number
  /** 单买价 (`min_normal_price`). */
  readonly normalPriceFen: number | undefined
  readonly coupon: Coupon | null
  readonly commissionRateBp: number
  readonly mallName: string | undefined
  readonly salesTip: string | undefined
  /** Echo it to promotion.url.generate, as PDD recommends. */
  readonly searchId: string | undefined
}

export interface PddGoodsSearchResult {
  readonly goods: readonly PddGoods[]
  readonly searchId: string | undefined
  readonly listId: string | undefined
  readonly totalCount: number | undefined
}

/** Maps one search entry; a coupon that has already ended counts as none. */
export function toPddGoods(raw: z.infer<typeof pddGoodsSchema>, now: Date): PddGoods {
  return {
    goodsSign: raw.goods_sign,
    title: raw.goods_name,
    imageUrl: raw.goods_thumbnail_url ?? undefined,
    priceFen: raw.min_group_price,
    normalPriceFen: raw.min_normal_price ?? undefined,
    coupon: couponOf(raw, now),
    // ‰ → basis points: 200‰ = 20.00% = 2000 bp.
    commissionRateBp: Math.round(raw.promotion_rate * 10),
    mallName: raw.mall_name ?? undefined,
    salesTip: raw.sales_tip ?? undefined,
    searchId: raw.search_id ?? undefined,
  }
}

function couponOf(raw: z.infer<typeof pddGoodsSchema>, now: Date): Coupon | null {
  const amountFen = raw.coupon_discount ?? 0
  if (raw.has_coupon === false || amountFen <= 0) return null
  const endsAt = raw.coupon_end_time ? new Date(raw.coupon_end_time * 1000) : undefined
  if (endsAt && endsAt.getTime() <= now.getTime()) return null
  return { amountFen, thresholdFen: raw.coupon_min_order_amount ?? 0, endsAt }
}
