import type { OrderStatus } from '../platforms/order-feed.js'
import { applyRateBp } from '../money/fen.js'

/** What one beneficiary should hold from one order, in fen. */
export interface Position {
  readonly pendingFen: number
  readonly availableFen: number
}

export const ZERO: Position = { pendingFen: 0, availableFen: 0 }

export interface CommissionState {
  readonly status: OrderStatus
  readonly estimatedCommissionFen: number
  readonly settledCommissionFen: number | null
}

/**
 * A beneficiary's share of the commission the platform reports — never of
 * the price: pending on the paid estimate until settlement, then available
 * on the settled amount. A refund keeps only what the platform still pays
 * (usually nothing). Rounded down per order.
 */
export function targetPosition(order: CommissionState, shareBp: number): Position {
  switch (order.status) {
    case 'paid':
    case 'received':
      return { pendingFen: applyRateBp(order.estimatedCommissionFen, shareBp), availableFen: 0 }
    case 'settled':
      return { pendingFen: 0, availableFen: applyRateBp(order.settledCommissionFen ?? order.estimatedCommissionFen, shareBp) }
    case 'refunded':
      return { pendingFen: 0, availableFen: applyRateBp(order.settledCommissionFen ?? 0, shareBp) }
    case 'invalid':
      return ZERO
  }
}

export type MovementKind = 'pending' | 'settle' | 'reverse' | 'adjust'

export interface Movement {
  readonly kind: MovementKind
  readonly pendingDeltaFen: number
  readonly availableDeltaFen: number
}

/**
 * The one ledger movement that takes a beneficiary from what is posted to
 * the target, or undefined when nothing changes (a replayed report).
 */
export function movementTo(posted: Position, target: Position): Movement | undefined {
  const pendingDeltaFen = target.pendingFen - posted.pendingFen
  const availableDeltaFen = target.availableFen - posted.availableFen
  if (pendingDeltaFen === 0 && availableDeltaFen === 0) return undefined
  const postedTotal = posted.pendingFen + posted.availableFen
  const kind: MovementKind =
    postedTotal === 0 && target.availableFen === 0 ? 'pending'
    : target.pendingFen === 0 && target.availableFen === 0 ? 'reverse'
    : posted.pendingFen > 0 && target.pendingFen === 0 && target.availableFen > 0 ? 'settle'
    : 'adjust'
  return { kind, pendingDeltaFen, availableDeltaFen }
}

/** Money that became withdrawable: a settlement, or an order first seen already settled. */
export function becameAvailable(m: Movement): boolean {
  return m.kind === 'settle' || (m.kind === 'adjust' && m.pendingDeltaFen === 0 && m.availableDeltaFen > 0)
}
