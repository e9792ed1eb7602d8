import { z } from 'zod'
import type { OrderStatus, PlatformOrder, RejectedOrderRow } from '../order-feed.js'
import {
  firstField,
  itemId,
  newest,
  optionalId,
  optionalQuantity,
  optionalTitle,
  optionalTopTime,
  optionalYuanAmount,
  orderNumber,
  rowIssues,
  rowOrderId,
  statusCode,
  yuanAmount,
} from './taobao-order-fields.js'

/**
 * tk_status → our status (bububa/opentaobao `PublisherOrderDto.go`: 3 结算,
 * 12 付款, 13 失效, 14 成功). 13 covers closed orders, refunds before
 * settlement and commissions under 0.01 alike: TOP does not say which, so
 * all are `invalid`. A refund after settlement leaves the row at 3 with
 * refund_tag 1; it reaches us through `taobao.tbk.order.refund.get`.
 */
export const TK_STATUS: Readonly<Record<number, OrderStatus>> = { 12: 'paid', 14: 'received', 3: 'settled', 13: 'invalid' }

/** 11 拍下未付款: not an order yet; it is reported again once paid. */
const TK_UNPAID = 11
const TK_SETTLED = 3
const TK_RECEIVED = 14

/**
 * The fields of a `publisher_order_dto` row we read; the rest are ignored.
 * Real rows may lack `modified_time` and `tk_earning_time` (a captured
 * tk_status 14 row had neither), carry "--" for empties and `item_id` as a
 * JSON number, so only what identifies and prices the row is required.
 */
export const OrderDetailsRow = z.object({
  trade_parent_id: orderNumber,
  trade_id: orderNumber,
  item_id: itemId,
  item_title: optionalTitle,
  item_num: optionalQuantity,
  alipay_total_price: yuanAmount,
  pub_share_pre_fee: yuanAmount,
  pub_share_fee: optionalYuanAmount,
  tk_status: statusCode,
  tk_paid_time: optionalTopTime,
  tb_paid_time: optionalTopTime,
  tk_create_time: optionalTopTime,
  click_time: optionalTopTime,
  tk_earning_time: optionalTopTime,
  modified_time: optionalTopTime,
  relation_id: optionalId,
  adzone_id: optionalId,
})

export type ParsedRow = { readonly order: PlatformOrder; readonly adzoneId: string | undefined } | { readonly rejected: RejectedOrderRow }

/**
 * One row of the main order feed, mapped, skipped (unpaid) or rejected with the reason and field; never throws.
 * @param queriedFrom the start of the update-time window the row was listed for: a row without
 *   modified_time changed no earlier than that, so its report is dated no earlier either
 */
export function parseOrderDetailsRow(raw: unknown, queriedFrom?: Date): ParsedRow | 'skipped' {
  const orderId = rowOrderId(raw, 'trade_id', 'trade_parent_id')
  const reject = (reason: string, field: string | undefined): ParsedRow => ({ rejected: { reason, raw, orderId, field } })
  const parsed = OrderDetailsRow.safeParse(raw)
  if (!parsed.success) return reject(rowIssues(parsed.error), firstField(parsed.error))
  const row = parsed.data
  if (row.tk_status === TK_UNPAID) return 'skipped'
  const status = TK_STATUS[row.tk_status]
  if (status === undefined) return reject(`unknown tk_status ${row.tk_status}`, 'tk_status')
  const paidAt = row.tk_paid_time ?? row.tb_paid_time ?? row.tk_create_time ?? row.click_time
  if (paidAt === undefined) return reject('row without tk_paid_time, tb_paid_time or tk_create_time', 'tk_paid_time')
  // The newest time the row shows orders its reports: modified_time when present, else what changed last.
  const shown = newest(row.modified_time, row.tk_earning_time, row.tk_paid_time, row.tb_paid_time, row.tk_create_time, row.click_time) ?? paidAt
  const updatedAt = row.modified_time === undefined ? (newest(shown, queriedFrom) ?? shown) : shown
  const settled = row.tk_status === TK_SETTLED
  if (settled && row.pub_share_fee === undefined) return reject('settled row (tk_status 3) without pub_share_fee', 'pub_share_fee')
  return {
    adzoneId: row.adzone_id,
    order: {
      platform: 'taobao',
      orderId: row.trade_parent_id,
      subOrderId: row.trade_id,
      itemId: row.item_id,
      itemTitle: row.item_title ?? '',
      quantity: row.item_num ?? 1,
      paidFen: row.alipay_total_price,
      status,
      estimatedCommissionFen: row.pub_share_pre_fee,
      // TOP sends "0.00" until settlement: that is "not yet", not zero.
      settledCommissionFen: settled ? (row.pub_share_fee ?? null) : null,
      // TOP links no external id to orders; per-user attribution on Taobao is the relation id.
      attributionId: null,
      relationId: row.relation_id ?? null,
      paidAt,
      // TOP has no receipt time: the update that made a row 14 is the receipt.
      receivedAt: row.tk_status === TK_RECEIVED ? (row.modified_time ?? updatedAt) : null,
      settledAt: settled ? (row.tk_earning_time ?? updatedAt) : null,
      updatedAt,
    },
  }
}
