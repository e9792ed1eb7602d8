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

/** An optional field that some answers fill with "" or "--" when empty. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' || value === '--' ? undefined : value), schema.nullish())
}

const fen = wholeNumber('a whole number of 分')
// Above 9999999999 (year 2286) a time is milliseconds, not PDD's Unix seconds.
const unixSeconds = wholeNumber('Unix seconds', 9_999_999_999)

/** An id as PDD's Long/String fields arrive: text, or a JSON number (lossless parsing turns ids above 2^53 into text). */
const idText = z.union([z.string().trim().min(1), z.number().int().nonnegative().transform(String)], { error: 'expected an id' })

/**
 * One entry of `order_list_get_response.order_list`, as far as we read it.
 * Older rows carry `goods_id` and no `goods_sign` (reference C9; the
 * lywzx/pdd-node-sdk PddDdkOrderListIncrementGet.ts model has goods_id
 * only); `group_id` may exceed 2^53 and is not read.
 */
export const pddOrderRowSchema = z.object({
  order_sn: idText,
  goods_sign: optional(z.string().trim().min(1)),
  goods_id: optional(idText),
  goods_name: z.string(),
  goods_quantity: wholeNumber('a whole quantity').pipe(z.number().min(1)),
  goods_price: optional(fen),
  order_amount: fen,
  promotion_rate: z.union([z.number().min(0), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)]).nullish(),
  promotion_amount: fen,
  order_status: z.union([z.number().int(), z.string().regex(/^-?\d{1,4}$/).transform(Number)], {
    error: 'expected a whole status code',
  }),
  // Read leniently by uidFromCustomParameters: a bad value means no attribution, not a bad row.
  custom_parameters: z.unknown().optional(),
  order_create_time: optional(unixSeconds),
  order_pay_time: optional(unixSeconds),
  order_group_success_time: optional(unixSeconds),
  order_receive_time: optional(unixSeconds),
  order_settle_time: optional(unixSeconds),
  order_modify_at: unixSeconds.pipe(z.number().min(1, 'expected a set time')),
})

export type PddOrderRow = z.infer<typeof pddOrderRowSchema>

export type PddOrderRowResult = { readonly order: PlatformOrder } | { readonly rejected: RejectedOrderRow }

/** PDD leaves a time that has not happened as null, absent or 0. */
function timeOf(seconds: number | null | undefined): Date | null {
  return seconds ? new Date(seconds * 1000) : null
}

/** order_sn as far as it can be read from a row that failed validation, for the operator's log line. */
function readableOrderId(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined
  const orderSn = (raw as { order_sn?: unknown }).order_sn
  if (typeof orderSn === 'string' && orderSn.trim() !== '') return orderSn.trim()
  return typeof orderSn === 'number' && Number.isFinite(orderSn) ? String(orderSn) : undefined
}

/** Validates and maps one order row; a bad row is returned as rejected (with its order_sn and field), never thrown. */
export function parsePddOrderRow(raw: unknown): PddOrderRowResult {
  const orderId = readableOrderId(raw)
  const reject = (reason: string, field: string): PddOrderRowResult => ({ rejected: { reason, raw, orderId, field } })
  const parsed = pddOrderRowSchema.safeParse(raw)
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(row)'}: ${issue.message}`)
    return reject(issues.join('; '), parsed.error.issues[0]?.path.join('.') || '(row)')
  }
  const row = parsed.data
  // goods_sign when the row has it; an older row's goods_id otherwise (as text: it is a different id space).
  const itemId = row.goods_sign ?? row.goods_id
  if (!itemId) return reject('neither goods_sign nor goods_id', 'goods_sign')
  const status = pddOrderStatus(row.order_status)
  if (typeof status !== 'string') return reject(status.reason, 'order_status')
  const paidAt = timeOf(row.order_pay_time)
  if (!paidAt) return reject(`order_pay_time missing at order_status ${row.order_status}`, 'order_pay_time')
  return {
    order: {
      platform: 'pdd',
      orderId: row.order_sn,
      subOrderId: row.order_sn,
      itemId,
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
