import type { SimOrder } from '../sim-orders.js'
import { estimatedCommissionFen, relationIdOf } from './taobao-order-dto.js'
import { topTime, yuan } from './taobao-format.js'

/** refund_status 13: 从淘客处补扣（钱已结给淘客）扣款成功, the clawback done. */
export const REFUND_CLAWBACK_DONE = 13

/**
 * One `publisher_refund_order_dto` row for an order refunded after it
 * settled, with exactly the fields TOP documents (C1: bububa/opentaobao
 * `model/tbk/PublisherRefundOrderDto.go`, mimicode/tksdk
 * `tbopensdk/response/taobaotbkorderrefundget`): no item id, quantity, paid
 * amount, payment estimate or payment time. The whole settled commission
 * comes back; the simulator charges no tech-service fee, so the parts that
 * exclude it (`tk_commission_fee_refund`) equal `show_return_fee`.
 */
export function publisherRefundOrderDto(order: SimOrder): Record<string, unknown> {
  const commission = yuan(estimatedCommissionFen(order))
  const refundedAt = topTime(order.refundedAt ?? order.updatedAt)
  const relationId = relationIdOf(order)
  return {
    refund_suit_id: `${order.subOrderId.slice(-12)}01`,
    tb_trade_parent_id: order.orderId,
    tb_trade_id: order.subOrderId,
    tb_trade_create_time: topTime(order.createdAt),
    earning_time: order.settledAt ? topTime(order.settledAt) : '--',
    tk_refund_time: refundedAt,
    tk_refund_suit_time: refundedAt,
    modified_time: topTime(order.updatedAt),
    item_title: order.item.title,
    tk_order_role: '二方',
    tb_trade_finish_price: yuan(order.paidFen),
    refund_fee: yuan(order.paidFen),
    pub_share_fee: commission,
    tk_commission_fee_refund: commission,
    tk_subsidy_fee_refund: '0.00',
    tk_commission_alimm_refund_fee: '0.00',
    tk_subsidy_alimm_refund_fee: '0.00',
    tk_commission_agent_refund_fee: '0.00',
    tk_subsidy_agent_refund_fee: '0.00',
    show_return_fee: commission,
    refund_status: REFUND_CLAWBACK_DONE,
    ...(relationId === '' ? {} : { relation_id: relationId }),
  }
}
