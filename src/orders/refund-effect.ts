import type { OrderStatus } from '../platforms/order-feed.js'

/** The part of a stored order a refund changes. */
export interface RefundableOrder {
  readonly status: OrderStatus
  readonly estimatedCommissionFen: number
  readonly settledCommissionFen: number | null
  readonly platformUpdatedAt: Date
}

export interface RefundReport {
  /** Commission the platform takes back; null: all of it. */
  readonly commissionRefundFen: number | null
  readonly updatedAt: Date
}

/**
 * What one refund makes of an order. After settlement the order becomes
 * `refunded`, keeping whatever commission the platform still pays; before
 * settlement a partial refund lowers the estimate (the remainder is still
 * not withdrawable) and a full one refunds the order. An invalid order
 * earned nothing, so there is nothing to take back. The update time moves
 * strictly forward so the change is credited even when the platform's
 * clock says otherwise.
 */
export function refundEffect(order: RefundableOrder, refund: RefundReport): RefundableOrder | undefined {
  if (order.status === 'invalid') return undefined
  const settledBefore = order.status === 'settled' || order.status === 'refunded'
  const base = settledBefore ? (order.settledCommissionFen ?? (order.status === 'settled' ? order.estimatedCommissionFen : 0)) : order.estimatedCommissionFen
  const remaining = refund.commissionRefundFen === null ? 0 : Math.max(0, base - refund.commissionRefundFen)
  const platformUpdatedAt = new Date(Math.max(refund.updatedAt.getTime(), order.platformUpdatedAt.getTime() + 1))
  if (settledBefore) return { ...order, status: 'refunded', settledCommissionFen: remaining, platformUpdatedAt }
  if (remaining === 0) return { ...order, status: 'refunded', settledCommissionFen: 0, platformUpdatedAt }
  return { ...order, estimatedCommissionFen: remaining, platformUpdatedAt }
}
