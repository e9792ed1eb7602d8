import { z } from 'zod'
import { couponSavingFen } from '../../money/quote.js'
import type { Coupon } from '../platform.js'
import { jdHundredths as hundredths } from './jd-decimal.js'
import { jdRows } from './jd-rows.js'

const epochMs = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)])

const CouponSchema = z.object({
  link: z.string().min(1),
  discount: hundredths,
  quota: hundredths.default(0),
  isBest: z.union([z.number(), z.boolean()]).optional(),
  useStartTime: epochMs.optional(),
  useEndTime: epochMs.optional(),
})

/** 0 or empty stands for "no sku" in rows keyed by the newer itemId. */
const skuField = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d*$/)])
  .transform((sku) => (String(sku) === '0' || sku === '' ? undefined : String(sku)))

const GoodsSchema = z.object({
  skuId: skuField.optional(),
  /** 联盟商品ID, the string id JD Union's media APIs use since 2024-12 (rise-worlds/jos api/union/goods/query.go). */
  itemId: z.string().trim().min(1).optional(),
  skuName: z.string(),
  materialUrl: z.string().optional(),
  priceInfo: z.object({ price: hundredths }),
  commissionInfo: z.object({ commissionShare: hundredths }),
  couponInfo: z.object({ couponList: z.array(CouponSchema).nullish() }).nullish(),
  imageInfo: z.object({ imageList: z.array(z.object({ url: z.string() })).nullish() }).nullish(),
  shopInfo: z.object({ shopName: z.string().optional() }).nullish(),
  inOrderCount30Days: z.number().int().nonnegative().optional(),
})

/** One JD coupon as goods.query lists it; `link` is what promotion links take as `couponUrl`. */
export interface JdCoupon extends Coupon {
  readonly link: string
  /** JD's own pick among the item's coupons. */
  readonly isBest: boolean
}

/** A goods.query row in our units: fen and basis points. */
export interface JdGoods {
  /** Our id for the item: the sku when JD gives one (order rows key on it too), else the itemId. */
  readonly id: string
  readonly skuId: string | undefined
  readonly unionItemId: string | undefined
  readonly title: string
  readonly materialUrl: string | undefined
  readonly imageUrl: string | undefined
  readonly shopName: string | undefined
  readonly priceFen: number
  readonly commissionRateBp: number
  readonly coupons: readonly JdCoupon[]
  readonly monthlySales: number | undefined
}

/** goods.query `data`: absent or null when nothing matched; a wrapped list is unwrapped (jdRows). */
export const GoodsListSchema = z.preprocess(
  (data) => jdRows(data) ?? data,
  z.array(
    GoodsSchema.refine((row) => row.skuId !== undefined || row.itemId !== undefined, 'neither skuId nor itemId').transform(
      toJdGoods,
    ),
  ),
)

function toJdGoods(raw: z.output<typeof GoodsSchema>): JdGoods {
  return {
    id: raw.skuId ?? raw.itemId ?? '',
    skuId: raw.skuId,
    unionItemId: raw.itemId,
    title: raw.skuName,
    materialUrl: raw.materialUrl,
    imageUrl: raw.imageInfo?.imageList?.[0]?.url,
    shopName: raw.shopInfo?.shopName,
    priceFen: raw.priceInfo.price,
    commissionRateBp: raw.commissionInfo.commissionShare,
    coupons: (raw.couponInfo?.couponList ?? []).map((coupon) => ({
      link: coupon.link,
      amountFen: coupon.discount,
      thresholdFen: coupon.quota,
      endsAt: coupon.useEndTime === undefined ? undefined : new Date(coupon.useEndTime),
      isBest: coupon.isBest === 1 || coupon.isBest === true,
    })),
    monthlySales: raw.inOrderCount30Days,
  }
}

/**
 * The coupon a buyer would use: among unexpired coupons whose threshold the
 * price meets, JD's `isBest` one, else the largest discount.
 */
export function bestJdCoupon(goods: JdGoods, now: Date): JdCoupon | null {
  const usable = goods.coupons.filter(
    (coupon) =>
      couponSavingFen(goods.priceFen, coupon) > 0 &&
      (coupon.endsAt === undefined || coupon.endsAt.getTime() >= now.getTime()),
  )
  const best = usable.find((coupon) => coupon.isBest)
  if (best) return best
  return usable.reduce<JdCoupon | null>((top, coupon) => (top === null || coupon.amountFen > top.amountFen ? coupon : top), null)
}
