import type { OrderStatus } from '../platforms/order-feed.js'

/**
 * The funnel's arithmetic: raw counts and sums (integer fen) in, figures and
 * ratios out. The definitions are in the README ("The funnel: definitions");
 * this file is their one home: the SQL only groups and sums raw columns.
 */

/** Orders of one bucket in one status, summed from the rows' raw columns. */
export interface OrderStatusSums {
  readonly status: OrderStatus
  readonly orders: number
  readonly paidFen: number
  readonly estimatedFen: number
  /** Σ settled_commission_fen of the rows that have one. */
  readonly settledFen: number
  /** Σ estimated_commission_fen of the rows without a settled amount. */
  readonly estimatedWithoutSettledFen: number
}

/** What the database counts and sums for one bucket (a group, a push, an hour, a platform, a day, or all). */
export interface FunnelCounts {
  /** Pushes sent (dropped ones left out). */
  readonly pushes: number
  /** Σ over pushes sent of the group's member count, for groups whose count is known. */
  readonly reach: number
  /** Page views, bots left out. */
  readonly views: number
  /** Σ over local days of the day's distinct visitors among those views. */
  readonly visitors: number
  /** The same, for views of pushes to groups whose member count is known (CTR's numerator). */
  readonly reachedVisitors: number
  readonly copies: number
  readonly opens: number
  readonly orders: readonly OrderStatusSums[]
  /** Net ledger movements to the orders' buyers and group owners (rebates), and to their inviters (shares). */
  readonly rebatesFen: number
  readonly sharesFen: number
}

export const NO_COUNTS: FunnelCounts = {
  pushes: 0,
  reach: 0,
  views: 0,
  visitors: 0,
  reachedVisitors: 0,
  copies: 0,
  opens: 0,
  orders: [],
  rebatesFen: 0,
  sharesFen: 0,
}

/** A ratio or an amount per unit; null when its denominator is zero (shown as "—"). */
export type Ratio = number | null

export interface FunnelFigures {
  readonly pushes: number
  readonly views: number
  readonly visitors: number
  readonly presses: number
  readonly copies: number
  readonly opens: number
  /** Orders that are not invalid. */
  readonly orders: number
  readonly gmvFen: number
  readonly commissionEstimatedFen: number
  readonly commissionSettledFen: number
  /** The commission the margin is computed from (see `earnedCommissionFen`). */
  readonly commissionFen: number
  readonly rebatesFen: number
  readonly sharesFen: number
  readonly marginFen: number
  /** Basis points: reached visitors ÷ reach. */
  readonly ctrBp: Ratio
  /** Basis points: orders ÷ visitors. */
  readonly cvrBp: Ratio
  /** Fen per page view, floored. */
  readonly epcFen: Ratio
  /** Fen per order, floored: (rebates + shares) ÷ orders. */
  readonly costPerSaleFen: Ratio
  /** Basis points: margin ÷ (rebates + shares). */
  readonly roiBp: Ratio
}

/**
 * The commission an order earns the operator, by status — the same rule
 * crediting applies to a beneficiary's share (`ledger/rebate-position.ts`):
 * unsettled orders their estimate, a settled order its settled amount (the
 * estimate when the platform gave none), a refunded order what the platform
 * still pays (nothing when it never said), an invalid order nothing.
 */
export function earnedCommissionFen(sums: OrderStatusSums): number {
  switch (sums.status) {
    case 'paid':
    case 'received':
      return sums.estimatedFen
    case 'settled':
      return sums.settledFen + sums.estimatedWithoutSettledFen
    case 'refunded':
      return sums.settledFen
    case 'invalid':
      return 0
  }
}

/** Commission the platform has settled: settled orders (estimate when none given) and what refunded ones keep. */
function settledCommissionFen(sums: OrderStatusSums): number {
  return sums.status === 'settled' || sums.status === 'refunded' ? earnedCommissionFen(sums) : 0
}

/** ⌊numerator × scale ÷ denominator⌋, exact for every safe integer (BigInt: no rounding on the way); null on a zero denominator. */
function scaledFloor(numerator: number, denominator: number, scale: bigint): Ratio {
  if (denominator === 0) return null
  const n = BigInt(numerator) * scale
  const d = BigInt(denominator)
  let q = n / d
  // BigInt division truncates toward zero; floor goes one lower for a negative, inexact quotient.
  if (n % d !== 0n && n < 0n !== d < 0n) q -= 1n
  return Number(q)
}

/** ⌊numerator ÷ denominator⌋ (money per unit, floored to the fen); null on a zero denominator. */
export function floorDiv(numerator: number, denominator: number): Ratio {
  return scaledFloor(numerator, denominator, 1n)
}

/** numerator ÷ denominator in basis points (1 bp = 0.01%), floored; null on a zero denominator. */
export function ratioBp(numerator: number, denominator: number): Ratio {
  return scaledFloor(numerator, denominator, 10_000n)
}

/** The figures and ratios of one bucket. */
export function funnelFigures(counts: FunnelCounts): FunnelFigures {
  const counted = counts.orders.filter((o) => o.status !== 'invalid')
  const sum = (pick: (o: OrderStatusSums) => number): number => counted.reduce((total, o) => total + pick(o), 0)
  const orders = sum((o) => o.orders)
  const commissionFen = sum(earnedCommissionFen)
  const payoutsFen = counts.rebatesFen + counts.sharesFen
  const marginFen = commissionFen - payoutsFen
  return {
    pushes: counts.pushes,
    views: counts.views,
    visitors: counts.visitors,
    presses: counts.copies + counts.opens,
    copies: counts.copies,
    opens: counts.opens,
    orders,
    gmvFen: sum((o) => o.paidFen),
    commissionEstimatedFen: sum((o) => o.estimatedFen),
    commissionSettledFen: sum(settledCommissionFen),
    commissionFen,
    rebatesFen: counts.rebatesFen,
    sharesFen: counts.sharesFen,
    marginFen,
    ctrBp: ratioBp(counts.reachedVisitors, counts.reach),
    cvrBp: ratioBp(orders, counts.visitors),
    epcFen: floorDiv(commissionFen, counts.views),
    costPerSaleFen: floorDiv(payoutsFen, orders),
    roiBp: ratioBp(marginFen, payoutsFen),
  }
}

/**
 * Two buckets' counts as one: sums, orders merged by status. Exact for
 * visitors only when the buckets are different local days (visitors are
 * counted per day), which is how reports over whole days use it.
 */
export function addCounts(a: FunnelCounts, b: FunnelCounts): FunnelCounts {
  const orders = new Map<OrderStatusSums['status'], OrderStatusSums>()
  for (const sums of [...a.orders, ...b.orders]) {
    const seen = orders.get(sums.status)
    orders.set(
      sums.status,
      seen
        ? {
            status: sums.status,
            orders: seen.orders + sums.orders,
            paidFen: seen.paidFen + sums.paidFen,
            estimatedFen: seen.estimatedFen + sums.estimatedFen,
            settledFen: seen.settledFen + sums.settledFen,
            estimatedWithoutSettledFen: seen.estimatedWithoutSettledFen + sums.estimatedWithoutSettledFen,
          }
        : sums,
    )
  }
  return {
    pushes: a.pushes + b.pushes,
    reach: a.reach + b.reach,
    views: a.views + b.views,
    visitors: a.visitors + b.visitors,
    reachedVisitors: a.reachedVisitors + b.reachedVisitors,
    copies: a.copies + b.copies,
    opens: a.opens + b.opens,
    orders: [...orders.values()],
    rebatesFen: a.rebatesFen + b.rebatesFen,
    sharesFen: a.sharesFen + b.sharesFen,
  }
}
