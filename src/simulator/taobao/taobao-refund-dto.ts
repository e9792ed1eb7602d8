import type { SimOrder } from '../sim-orders.js'
import { estimatedCommissionFen, relationIdOf } from './taobao-order-dto.js'
import { topTime, yuan } from './taobao-format.js'

/** refund_status 13: 从淘客处补扣（钱已结给淘客）扣款成功, the clawback done. */
export const REFUND_CLAWBACK_DONE = 13

/**
 * One `publisher_refund_order_dto` row for an order refunded after it
 * settled: the whole settled commission comes back (`show_return_fee`).
 *
 * The rows of the real API carry no item id, quantity, paid amount, payment
 * estimate or payment time; the simulator adds `item_id`, `item_num`,
 * `alipay_total_price`, `pub_share_pre_fee`, `tk_paid_time` and
 * `tk_earning_time` so that one row can stand for the whole order line.
 * That is the simulator's reading, UNCERTAIN against the real API.
 */
export function publisherRefundOrderDto(order: SimOrder): Record<string, unknown> {
  const commission = yuan(estimatedCommissionFen(order))
  const refundedAt = topTime(order.refundedAt ?? order.updatedAt)
  const settledAt = order.settledAt ? topTime(order.settledAt) : ''
  return {
    refund_suit_id: `${order.subOrderId.slice(-12)}01`,
    tb_trade_parent_id: order.orderId,
    tb_trade_id: order.subOrderId,
    tb_trade_create_time: topTime(order.createdAt),
    item_id: order.item.apiId,
    item_title: order.item.title,
    item_num: order.quantity,
    alipay_total_price: yuan(order.paidFen),
    tb_trade_finish_price: yuan(order.paidFen),
    refund_fee: yuan(order.paidFen),
    pub_share_pre_fee: commission,
    pub_share_fee: commission,
    tk_commission_fee_refund: commission,
    tk_subsidy_fee_refund: '0.00',
    show_return_fee: commission,
    refund_status: REFUND_CLAWBACK_DONE,
    tk_paid_time: topTime(order.paidAt),
    tk_earning_time: settledAt,
    earning_time: settledAt,
    tk_refund_time: refundedAt,
    tk_refund_suit_time: refundedAt,
    modified_time: topTime(order.updatedAt),
    tk_order_role: '二方',
    relation_id: relationIdOf(order),
    special_id: '',
  }
}
