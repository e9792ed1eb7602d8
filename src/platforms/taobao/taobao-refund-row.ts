import { z } from 'zod'
import type { PlatformOrder } from '../order-feed.js'
import {
  itemId,
  optionalId,
  optionalTopTime,
  orderNumber,
  quantity,
  rowIssues,
  statusCode,
  topTime,
  yuanAmount,
} from './taobao-order-fields.js'
import type { ParsedRow } from './taobao-order-row.js'

/** refund_status 12/13: the commission already paid to us is being / has been clawed back. 14/15 hit the seller, 2/3/4/11 are claims in progress. */
const CLAWBACK_STATUSES = new Set([12, 13])

const RefundStatusOnly = z.object({ refund_status: statusCode })

/**
 * The fields of a `publisher_refund_order_dto` row we read. TOP documents
 * no item id, quantity, paid amount, payment estimate or payment/earning
 * time on these rows (`item_title`, `pub_share_fee` and `modified_time` it
 * does); the simulator sends them so one row stands for the order line.
 * UNCERTAIN against the real API: if its rows lack them they are rejected,
 * loudly, rather than credited wrong.
 */
export const RefundRow = z.object({
  tb_trade_parent_id: orderNumber,
  tb_trade_id: orderNumber,
  refund_status: statusCode,
  item_id: itemId,
  item_title: z.string(),
  item_num: quantity,
  alipay_total_price: yuanAmount,
  pub_share_pre_fee: yuanAmount,
  pub_share_fee: yuanAmount,
  show_return_fee: yuanAmount,
  tk_paid_time: topTime,
  tk_earning_time: optionalTopTime,
  earning_time: optionalTopTime,
  modified_time: optionalTopTime,
  tk_refund_suit_time: optionalTopTime,
  tk_refund_time: optionalTopTime,
  relation_id: optionalId,
})

/**
 * One refund row: a clawback (refund_status 12/13) becomes a `refunded`
 * order keeping what is left of the settled commission; any other
 * refund_status is none of the ledger's business and is skipped.
 */
export function parseRefundRow(raw: unknown): ParsedRow | 'skipped' {
  const status = RefundStatusOnly.safeParse(raw)
  if (!status.success) return { rejected: { reason: rowIssues(status.error), raw } }
  if (!CLAWBACK_STATUSES.has(status.data.refund_status)) return 'skipped'
  const parsed = RefundRow.safeParse(raw)
  if (!parsed.success) return { rejected: { reason: rowIssues(parsed.error), raw } }
  const row = parsed.data
  const updatedAt = row.modified_time ?? row.tk_refund_suit_time ?? row.tk_refund_time
  if (updatedAt === undefined) return { rejected: { reason: 'refund row without modified_time or refund times', raw } }
  const order: PlatformOrder = {
    platform: 'taobao',
    orderId: row.tb_trade_parent_id,
    subOrderId: row.tb_trade_id,
    itemId: row.item_id,
    itemTitle: row.item_title,
    quantity: row.item_num,
    paidFen: row.alipay_total_price,
    status: 'refunded',
    estimatedCommissionFen: row.pub_share_pre_fee,
    settledCommissionFen: Math.max(0, row.pub_share_fee - row.show_return_fee),
    attributionId: null,
    relationId: row.relation_id ?? null,
    paidAt: row.tk_paid_time,
    receivedAt: null,
    settledAt: row.tk_earning_time ?? row.earning_time ?? null,
    updatedAt,
  }
  return { order }
}
