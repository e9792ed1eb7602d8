import { z } from 'zod'
import type { Coupon } from '../platform.js'
import { optionalText, optionalYuanFen, parseTopTime } from './taobao-fields.js'
import { topList } from './taobao-list.js'

/** One step of the 到手价 path: 商品券, 店铺券, 跨店满减, 单品直降… */
export const PromotionStep = z.object({
  promotion_title: optionalText,
  promotion_desc: optionalText,
  /** What this step takes off, in 元. */
  promotion_fee: optionalYuanFen,
  promotion_start_time: optionalText,
  promotion_end_time: optionalText,
})

export const PromotionPath = z.preprocess(
  (value) => value ?? undefined,
  z.object({ final_promotion_path_map_data: topList(PromotionStep) }).optional(),
)

type Step = z.output<typeof PromotionStep>

/**
 * The coupon among the steps TOP applied to reach final_promotion_price: the
 * first one whose title names a 券 and takes something off. The path carries
 * no threshold field; it is read from `promotion_desc` ("满99元减10元"), and a
 * step without one counts as 无门槛: TOP only lists promotions the price met.
 * A coupon that has ended by `now` is none.
 */
export function couponFromPath(steps: readonly Step[], now: Date): Coupon | null {
  const step = steps.find((entry) => entry.promotion_title?.includes('券') && (entry.promotion_fee ?? 0) > 0)
  if (!step?.promotion_fee) return null
  const endsAt = topInstant(step.promotion_end_time)
  if (endsAt && endsAt.getTime() <= now.getTime()) return null
  return { amountFen: step.promotion_fee, thresholdFen: thresholdFromDesc(step.promotion_desc) ?? 0, endsAt }
}

/** "满99元减10元", "满99.5减10" → fen; undefined when the text names no threshold. */
export function thresholdFromDesc(desc: string | undefined): number | undefined {
  const match = /满(\d{1,8})(?:\.(\d{1,2}))?元?减/.exec(desc ?? '')
  if (!match) return undefined
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

/** Promotion times come as epoch milliseconds in fixtures, as TOP time strings elsewhere: both are read. */
function topInstant(value: string | undefined): Date | undefined {
  if (value !== undefined && /^\d{12,14}$/.test(value.trim())) return new Date(Number(value.trim()))
  return parseTopTime(value)
}
