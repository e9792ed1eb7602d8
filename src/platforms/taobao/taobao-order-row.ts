import { z } from 'zod'
import type { OrderStatus, PlatformOrder, RejectedOrderRow } from '../order-feed.js'
import {
  itemId,
  optionalId,
  optionalTopTime,
  optionalYuanAmount,
  orderNumber,
  quantity,
  rowIssues,
  statusCode,
  topTime,
  yuanAmount,
} from './taobao-order-fields.js'

/**
 * tk_status → our status. 13 (失效) covers closed orders, refunds before
 * settlement and commissions under 0.01 alike: TOP does not say which, so
 * all are `invalid`. A refund after settlement leaves the row at 3 with
 * refund_tag 1; it reaches us through `taobao.tbk.order.refund.get`.
 * 11 (拍下未付款) is not an order we track and is rejected like any unknown code.
 */
export const TK_STATUS: Readonly<Record<number, OrderStatus>> = { 12: 'paid', 14: 'received', 3: 'settled', 13: 'invalid' }

const TK_SETTLED = 3
const TK_RECEIVED = 14

/** The fields of a `publisher_order_dto` row we read; the rest are ignored. */
export const OrderDetailsRow = z.object({
  trade_parent_id: orderNumber,
  trade_id: orderNumber,
  item_id: itemId,
  item_title: z.string(),
  item_num: quantity,
  alipay_total_price: yuanAmount,
  pub_share_pre_fee: yuanAmount,
  pub_share_fee: optionalYuanAmount,
  tk_status: statusCode,
  tk_paid_time: topTime,
  tk_earning_time: optionalTopTime,
  modified_time: topTime,
  relation_id: optionalId,
})

export type ParsedRow = { readonly order: PlatformOrder } | { readonly rejected: RejectedOrderRow }

/** One row of the main order feed, mapped, or rejected with the reason; never throws. */
export function parseOrderDetailsRow(raw: unknown): ParsedRow {
  const parsed = OrderDetailsRow.safeParse(raw)
  if (!parsed.success) return { rejected: { reason: rowIssues(parsed.error), raw } }
  const row = parsed.data
  const status = TK_STATUS[row.tk_status]
  if (status === undefined) return { rejected: { reason: `unknown tk_status ${row.tk_status}`, raw } }
  const settled = row.tk_status === TK_SETTLED
  if (settled && (row.pub_share_fee === undefined || row.tk_earning_time === undefined)) {
    return { rejected: { reason: 'settled row (tk_status 3) without pub_share_fee or tk_earning_time', raw } }
  }
  return {
    order: {
      platform: 'taobao',
      orderId: row.trade_parent_id,
      subOrderId: row.trade_id,
      itemId: row.item_id,
      itemTitle: row.item_title,
      quantity: row.item_num,
      paidFen: row.alipay_total_price,
      status,
      estimatedCommissionFen: row.pub_share_pre_fee,
      // TOP sends "0.00" until settlement: that is "not yet", not zero.
      settledCommissionFen: settled ? (row.pub_share_fee ?? null) : null,
      // TOP links no external id to orders; per-user attribution on Taobao is the relation id.
      attributionId: null,
      relationId: row.relation_id ?? null,
      paidAt: row.tk_paid_time,
      // TOP has no receipt time: the update that made a row 14 is the receipt.
      receivedAt: row.tk_status === TK_RECEIVED ? row.modified_time : null,
      settledAt: settled ? (row.tk_earning_time ?? null) : null,
      updatedAt: row.modified_time,
    },
  }
}
