import type { OrderStatus } from '../order-feed.js'

/**
 * PDD `order_status` → our status. 1 已成团 is still only paid; 3 审核成功
 * is received and audited, not yet paid out; 4 审核失败 and 8 非多多进宝商品
 * earn nothing; 10 已处罚 is how a refund after settlement shows (the
 * commission is taken back). -1 未支付 is absent on purpose: an unpaid order
 * is not an order yet and is reported again once paid.
 */
export const PDD_ORDER_STATUSES: ReadonlyMap<number, OrderStatus> = new Map([
  [0, 'paid'],
  [1, 'paid'],
  [2, 'received'],
  [3, 'received'],
  [4, 'invalid'],
  [5, 'settled'],
  [8, 'invalid'],
  [10, 'refunded'],
])

export const PDD_ORDER_STATUS_SETTLED = 5
export const PDD_ORDER_STATUS_PUNISHED = 10

/** Our status for a PDD code, or why the row cannot be taken. */
export function pddOrderStatus(code: number): OrderStatus | { readonly reason: string } {
  const status = PDD_ORDER_STATUSES.get(code)
  if (status) return status
  return { reason: code === -1 ? 'order_status -1 (未支付): not paid yet' : `unknown order_status ${code}` }
}
