import { z } from 'zod'
import type { PlatformOrder, RejectedOrderRow } from '../order-feed.js'
import { uidFromCustomParameters } from './pdd-custom-parameters-uid.js'
import { PDD_ORDER_STATUS_PUNISHED, PDD_ORDER_STATUS_SETTLED, pddOrderStatus } from './pdd-order-status.js'

/**
 * A whole non-negative number as PDD's Long fields arrive: a JSON number, or
 * digits in a string (some gateways and SDKs stringify longs). Amounts are
 * whole 分, so "12.3", "0.005" or "1e2" as text are not amounts but a sign
 * that someone sent yuan or a float: the row is rejected, never rounded.
 */
function wholeNumber(what: string, max = Number.MAX_SAFE_INTEGER) {
  const error = `expected ${what}`
  return z.union(
    [
      z.number().int({ error }).min(0, { error }).max(max, { error }),
      z.string().regex(/^\d{1,15}$/, { error }).transform(Number).pipe(z.number().max(max, { error })),
    ],
    { error },
  )
}

const fen = wholeNumber('a whole number of 分')
// Above 9999999999 (year 2286) a time is milliseconds, not PDD's Unix seconds.
const unixSeconds = wholeNumber('Unix seconds', 9_999_999_999)

/** One entry of `order_list_get_response.order_list`, as far as we read it. */
export const pddOrderRowSchema = z.object({
  order_sn: z.string().min(1),
  goods_sign: z.string().min(1),
  goods_name: z.string(),
  goods_quantity: wholeNumber('a whole quantity').pipe(z.number().min(1)),
  goods_price: fen.nullish(),
  order_amount: fen,
  promotion_rate: z.number().min(0).nullish(),
  promotion_amount: fen,
  order_status: z.union([z.number().int(), z.string().regex(/^-?\d{1,4}$/).transform(Number)], {
    error: 'expected a whole status code',
  }),
  order_status_desc: z.string().nullish(),
  // Read leniently by uidFromCustomParameters: a bad value means no attribution, not a bad row.
  custom_parameters: z.unknown().optional(),
  p_id: z.string().nullish(),
  order_create_time: unixSeconds.nullish(),
  order_pay_time: unixSeconds.nullish(),
  order_group_success_time: unixSeconds.nullish(),
  order_receive_time: unixSeconds.nullish(),
  order_settle_time: unixSeconds.nullish(),
  order_modify_at: unixSeconds.pipe(z.number().min(1, 'expected a set time')),
})

export type PddOrderRow = z.infer<typeof pddOrderRowSchema>

export type PddOrderRowResult = { readonly order: PlatformOrder } | { readonly rejected: RejectedOrderRow }

/** PDD leaves a time that has not happened as null, absent or 0. */
function timeOf(seconds: number | null | undefined): Date | null {
  return seconds ? new Date(seconds * 1000) : null
}

/** Validates and maps one order row; a bad row is returned as rejected, never thrown. */
export function parsePddOrderRow(raw: unknown): PddOrderRowResult {
  const parsed = pddOrderRowSchema.safeParse(raw)
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(row)'}: ${issue.message}`)
    return { rejected: { reason: issues.join('; '), raw } }
  }
  const row = parsed.data
  const status = pddOrderStatus(row.order_status)
  if (typeof status !== 'string') return { rejected: { reason: status.reason, raw } }
  const paidAt = timeOf(row.order_pay_time)
  if (!paidAt) return { rejected: { reason: `order_pay_time missing at order_status ${row.order_status}`, raw } }
  return {
    order: {
      platform: 'pdd',
      orderId: row.order_sn,
      subOrderId: row.order_sn,
      itemId: row.goods_sign,
      itemTitle: row.goods_name,
      quantity: row.goods_quantity,
      paidFen: row.order_amount,
      status,
      // PDD rewrites promotion_amount as the order moves (0 once refunded); the row's value is the estimate now.
      estimatedCommissionFen: row.promotion_amount,
      settledCommissionFen: settledCommissionOf(row),
      attributionId: uidFromCustomParameters(row.custom_parameters),
      relationId: null,
      paidAt,
      receivedAt: timeOf(row.order_receive_time),
      settledAt: timeOf(row.order_settle_time),
      updatedAt: new Date(row.order_modify_at * 1000),
    },
  }
}

function settledCommissionOf(row: PddOrderRow): number | null {
  if (row.order_status === PDD_ORDER_STATUS_SETTLED) return row.promotion_amount
  // 已处罚 after settlement: what was paid out is taken back.
  if (row.order_status === PDD_ORDER_STATUS_PUNISHED) return 0
  return null
}
