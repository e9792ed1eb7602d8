import { pick, digits, token } from '../sim-hash.js'
import type { SimOrder } from '../sim-orders.js'
import { rawInteger } from './pdd-envelope.js'

/** The 推广位 our simulated orders come through; another promoter's orders carry their own. */
export const PDD_SIM_ORDER_PID = '1949211_49329093'

const STATUS_DESC: Readonly<Record<number, string>> = {
  0: '已支付',
  1: '已成团',
  2: '确认收货',
  4: '审核失败',
  5: '已经结算',
  8: '非多多进宝商品',
  10: '已处罚',
}

/**
 * A simulated order's `order_status`. Most PDD orders 成团 at once, some wait:
 * which one is fixed per order so both codes show up. A refund before
 * settlement fails the audit (4); after settlement PDD penalizes (10).
 */
export function pddSimOrderStatus(order: SimOrder): number {
  switch (order.status) {
    case 'paid':
      return grouped(order) ? 1 : 0
    case 'received':
      return 2
    case 'settled':
      return 5
    case 'invalid':
      return 8
    case 'refunded':
      return order.refundedAfterSettlement ? 10 : 4
  }
}

/**
 * One `order_list` entry: money in 分, rates in ‰, times in Unix seconds;
 * unset times are left out. `group_id` is an integer above 2^53 (reference
 * C9), written as a bare JSON number. Other promoters' orders show what real
 * feeds carry beside ours: their own `custom_parameters` as opaque text
 * (mimicode/tksdk client_test.go sends `user_1384`), and, for one in two, the
 * older row shape with `goods_id` and no `goods_sign` (C9; the
 * lywzx/pdd-node-sdk PddDdkOrderListIncrementGet.ts model).
 */
export function pddOrderRow(order: SimOrder): Record<string, unknown> {
  const status = pddSimOrderStatus(order)
  const groupedAt = status !== 0 && status !== 8 && (grouped(order) || order.receivedAt !== undefined) ? order.paidAt : undefined
  const olderRow = order.otherPromoter && /^\d{1,15}$/.test(order.item.itemKey) && pick(`pdd-older-row:${order.orderId}`, 2) === 0
  const customParameters = order.otherPromoter
    ? `op_${token(`pdd-op:${order.orderId}`, 10)}`
    : order.attributionId === undefined
      ? undefined
      : JSON.stringify({ uid: order.attributionId })
  return {
    order_sn: order.orderId,
    ...(olderRow ? { goods_id: Number(order.item.itemKey) } : { goods_sign: order.item.apiId }),
    group_id: rawInteger(`1${digits(`pdd-group-id:${order.orderId}`, 18)}`),
    goods_name: order.item.title,
    goods_thumbnail_url: order.item.imageUrl,
    goods_quantity: order.quantity,
    goods_price: order.item.priceFen,
    order_amount: order.paidFen,
    promotion_rate: order.item.commissionRateBp / 10,
    promotion_amount: order.commissionFen,
    order_status: status,
    order_status_desc: STATUS_DESC[status],
    ...(customParameters === undefined ? {} : { custom_parameters: customParameters }),
    p_id: order.otherPromoter ? `${digits(`pdd-op-pid:${order.orderId}`, 7)}_${digits(`pdd-op-pos:${order.orderId}`, 8)}` : PDD_SIM_ORDER_PID,
    ...times({
      order_create_time: order.createdAt,
      order_pay_time: order.paidAt,
      order_group_success_time: groupedAt,
      order_receive_time: order.receivedAt,
      order_settle_time: order.settledAt,
      order_modify_at: order.updatedAt,
    }),
  }
}

function grouped(order: SimOrder): boolean {
  return pick(`pdd-group:${order.orderId}`, 2) === 1
}

function times(dates: Readonly<Record<string, Date | undefined>>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [name, date] of Object.entries(dates)) if (date) out[name] = Math.floor(date.getTime() / 1000)
  return out
}
