import { z } from 'zod'
import type { PlatformRefund, RejectedOrderRow } from '../order-feed.js'
import {
  firstField,
  newest,
  optionalTitle,
  optionalTopTime,
  optionalYuanAmount,
  orderNumber,
  rowIssues,
  rowOrderId,
  statusCode,
} from './taobao-order-fields.js'

/**
 * refund_status per bububa/opentaobao `PublisherRefundOrderDto.go`: 4 维权创建,
 * 2 维权成功, 3 维权失败, 11 多次维权待处理, 12/13 从淘客处补扣 (money already paid
 * to us) pending / done, 14/15 从卖家处补扣 pending / done. Only 12 and 13 take
 * commission back from us; the others are claims in progress or the seller's.
 */
const CLAWBACK_STATUSES = new Set([12, 13])
const OTHER_STATUSES = new Set([2, 3, 4, 11, 14, 15])

/**
 * The fields of a `publisher_refund_order_dto` row (C1; mimicode/tksdk
 * `tbopensdk/response/taobaotbkorderrefundget`): no item id, quantity, paid
 * amount, payment estimate or payment time; the row names the order line it
 * takes commission back from by tb_trade_parent_id + tb_trade_id.
 */
export const RefundRow = z.object({
  refund_suit_id: optionalTitle,
  tb_trade_parent_id: orderNumber,
  tb_trade_id: orderNumber,
  refund_status: statusCode,
  show_return_fee: optionalYuanAmount,
  tk_commission_fee_refund: optionalYuanAmount,
  tk_subsidy_fee_refund: optionalYuanAmount,
  tk_commission_alimm_refund_fee: optionalYuanAmount,
  tk_subsidy_alimm_refund_fee: optionalYuanAmount,
  tk_commission_agent_refund_fee: optionalYuanAmount,
  tk_subsidy_agent_refund_fee: optionalYuanAmount,
  earning_time: optionalTopTime,
  tk_refund_time: optionalTopTime,
  tk_refund_suit_time: optionalTopTime,
  modified_time: optionalTopTime,
})

export type ParsedRefund = { readonly refund: PlatformRefund } | { readonly rejected: RejectedOrderRow }

/**
 * One refund row: a clawback (refund_status 12/13) becomes a PlatformRefund;
 * any other known refund_status is none of the ledger's business and is skipped.
 *
 * The commission taken back is `show_return_fee` (应退还预估收入: commission +
 * subsidy, 含技术服务费和渠道专项服务费), on the same basis as the `pub_share_fee`
 * we credited (结算预估收入, which also includes the tech-service fee): a full
 * refund brings the settled commission to exactly zero. Without it, the sum of
 * the parts (tk_commission_fee_refund + tk_subsidy_fee_refund, 不含技术服务费, plus
 * their alimm and agent fees); with none of them, null (taken as all of it).
 */
export function parseRefundRow(raw: unknown): ParsedRefund | 'skipped' {
  const orderId = rowOrderId(raw, 'tb_trade_id', 'tb_trade_parent_id')
  const reject = (reason: string, field: string | undefined): ParsedRefund => ({ rejected: { reason, raw, orderId, field } })
  const parsed = RefundRow.safeParse(raw)
  if (!parsed.success) return reject(rowIssues(parsed.error), firstField(parsed.error))
  const row = parsed.data
  if (!CLAWBACK_STATUSES.has(row.refund_status)) {
    return OTHER_STATUSES.has(row.refund_status) ? 'skipped' : reject(`unknown refund_status ${row.refund_status}`, 'refund_status')
  }
  const updatedAt = newest(row.modified_time, row.tk_refund_suit_time, row.tk_refund_time, row.earning_time)
  if (updatedAt === undefined) return reject('refund row without modified_time or refund times', 'modified_time')
  return {
    refund: {
      platform: 'taobao',
      orderId: row.tb_trade_parent_id,
      subOrderId: row.tb_trade_id,
      refundId: row.refund_suit_id ?? fallbackRefundId(row.tb_trade_id, raw),
      commissionRefundFen: row.show_return_fee ?? sumOfParts(row),
      refundedAt: row.tk_refund_suit_time ?? row.tk_refund_time ?? null,
      updatedAt,
    },
  }
}

function sumOfParts(row: z.output<typeof RefundRow>): number | null {
  const parts = [
    row.tk_commission_fee_refund,
    row.tk_subsidy_fee_refund,
    row.tk_commission_alimm_refund_fee,
    row.tk_subsidy_alimm_refund_fee,
    row.tk_commission_agent_refund_fee,
    row.tk_subsidy_agent_refund_fee,
  ].filter((part): part is number => part !== undefined)
  return parts.length === 0 ? null : parts.reduce((sum, part) => sum + part, 0)
}

/**
 * Without a refund_suit_id, the sub-order and the refund's creation time as TOP
 * wrote it: the same for every report of one refund, different for a second refund.
 */
function fallbackRefundId(subOrderId: string, raw: unknown): string {
  const created = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).tk_refund_time : undefined
  return `${subOrderId}@${typeof created === 'string' && created.trim() !== '' ? created.trim() : 'refund'}`
}
