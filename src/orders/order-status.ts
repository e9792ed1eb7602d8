import type { OrderStatus } from '../platforms/order-feed.js'

const PROGRESS: Readonly<Record<OrderStatus, number>> = { paid: 0, received: 1, settled: 2, invalid: 3, refunded: 3 }

/** Invalid and refunded orders stay so: a later, contradicting report is a stale or confused one. */
export function isFinal(status: OrderStatus): boolean {
  return status === 'invalid' || status === 'refunded'
}

/**
 * The status to keep when the platform reports `reported` for an order held
 * as `current`. Forward only: paid → received → settled; invalid or refunded
 * from any state; never backwards. After settlement only a refund can
 * follow: an "invalid" report then means the commission was taken back,
 * which is a refund.
 */
export function nextStatus(current: OrderStatus | undefined, reported: OrderStatus): OrderStatus {
  if (current === undefined) return reported
  if (isFinal(current)) return current
  if (current === 'settled' && reported === 'invalid') return 'refunded'
  return PROGRESS[reported] >= PROGRESS[current] ? reported : current
}

/** Whether a report moves the order (a stale report of an older state does not). */
export function acceptsReport(current: OrderStatus | undefined, reported: OrderStatus): boolean {
  return current === undefined || nextStatus(current, reported) === reported
}
