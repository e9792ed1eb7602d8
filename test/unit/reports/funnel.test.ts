import { describe, expect, it } from 'vitest'
import { targetPosition } from '../../../src/ledger/rebate-position.js'
import { earnedCommissionFen, floorDiv, funnelFigures, NO_COUNTS, ratioBp, type FunnelCounts, type OrderStatusSums } from '../../../src/reports/funnel.js'
import type { OrderStatus } from '../../../src/platforms/order-feed.js'

const sums = (status: OrderStatus, patch: Partial<OrderStatusSums> = {}): OrderStatusSums => ({
  status,
  orders: 1,
  paidFen: 10_000,
  estimatedFen: 1000,
  settledFen: 0,
  estimatedWithoutSettledFen: 1000,
  ...patch,
})

describe(ratioBp.name, () => {
  it.each([
    ['exact', 1, 4, 2500],
    ['floored', 1, 3, 3333],
    ['two thirds floored, not rounded', 2, 3, 6666],
    ['more than 100%', 3, 2, 15_000],
    ['zero numerator', 0, 7, 0],
    ['negative floors toward −∞', -1, 3, -3334],
    ['zero denominator is no ratio', 5, 0, null],
    ['0 ÷ 0 is no ratio (never NaN)', 0, 0, null],
    ['exact past 2^53 on the way (¥9 trillion in fen)', 900_719_925_474_099, 10_000, 900_719_925_474_099],
    ['exact past 2^53 on the way, floored', 900_719_925_474_099, 30_000, 300_239_975_158_033],
  ])('%s: %i ÷ %i → %s bp', (_, numerator, denominator, expected) => {
    expect(ratioBp(numerator, denominator)).toBe(expected)
  })
})

describe(floorDiv.name, () => {
  it.each([
    [1000, 3, 333],
    [5, 10, 0],
    [-5, 10, -1],
    [-10, 5, -2],
    [7, 0, null],
  ])('%i ÷ %i → %s fen', (numerator, denominator, expected) => {
    expect(floorDiv(numerator, denominator)).toBe(expected)
  })
})

describe(earnedCommissionFen.name, () => {
  it.each([
    ['paid: the estimate', sums('paid'), 1000],
    ['received: the estimate', sums('received', { estimatedFen: 700, estimatedWithoutSettledFen: 700 }), 700],
    ['settled: the settled amount', sums('settled', { settledFen: 900, estimatedWithoutSettledFen: 0 }), 900],
    ['settled without an amount: the estimate', sums('settled', { settledFen: 0, estimatedWithoutSettledFen: 1000 }), 1000],
    ['settled, mixed rows', sums('settled', { orders: 2, estimatedFen: 2000, settledFen: 800, estimatedWithoutSettledFen: 1000 }), 1800],
    ['refunded: what the platform still pays', sums('refunded', { settledFen: 150, estimatedWithoutSettledFen: 0 }), 150],
    ['refunded without an amount: nothing', sums('refunded', { settledFen: 0, estimatedWithoutSettledFen: 1000 }), 0],
    ['invalid: nothing', sums('invalid'), 0],
  ])('%s', (_, row, expected) => {
    expect(earnedCommissionFen(row)).toBe(expected)
  })

  it.each<[OrderStatus, number | null]>([
    ['paid', null],
    ['received', null],
    ['settled', 830],
    ['settled', null],
    ['refunded', 120],
    ['refunded', null],
    ['invalid', null],
  ])('agrees with what crediting owes at a 100%% share: %s, settled %s', (status, settled) => {
    const row = sums(status, { settledFen: settled ?? 0, estimatedWithoutSettledFen: settled === null ? 1000 : 0 })
    const position = targetPosition({ status, estimatedCommissionFen: 1000, settledCommissionFen: settled }, 10_000)
    expect(earnedCommissionFen(row)).toBe(position.pendingFen + position.availableFen)
  })
})

describe(funnelFigures.name, () => {
  const counts: FunnelCounts = {
    pushes: 4,
    reach: 400,
    views: 30,
    visitors: 20,
    reachedVisitors: 12,
    copies: 6,
    opens: 3,
    orders: [
      sums('paid', { orders: 2, paidFen: 20_000, estimatedFen: 2000, estimatedWithoutSettledFen: 2000 }),
      sums('settled', { orders: 1, paidFen: 5000, estimatedFen: 600, settledFen: 500, estimatedWithoutSettledFen: 0 }),
      sums('refunded', { orders: 1, paidFen: 3000, estimatedFen: 300, settledFen: 0, estimatedWithoutSettledFen: 0 }),
      sums('invalid', { orders: 5, paidFen: 99_000, estimatedFen: 9000, estimatedWithoutSettledFen: 9000 }),
    ],
    rebatesFen: 1500,
    sharesFen: 250,
  }

  it('computes every figure and ratio of a bucket', () => {
    expect(funnelFigures(counts)).toEqual({
      pushes: 4,
      views: 30,
      visitors: 20,
      presses: 9,
      copies: 6,
      opens: 3,
      orders: 4,
      gmvFen: 28_000,
      commissionEstimatedFen: 2900,
      commissionSettledFen: 500,
      commissionFen: 2500,
      rebatesFen: 1500,
      sharesFen: 250,
      marginFen: 750,
      ctrBp: 300, // 12 ÷ 400
      cvrBp: 2000, // 4 ÷ 20
      epcFen: 83, // 2500 ÷ 30 = 83.3
      costPerSaleFen: 437, // 1750 ÷ 4 = 437.5
      roiBp: 4285, // 750 ÷ 1750 = 42.857%
    })
  })

  it('an empty bucket has zeros and no ratios', () => {
    const f = funnelFigures(NO_COUNTS)
    expect([f.pushes, f.views, f.orders, f.gmvFen, f.commissionFen, f.marginFen]).toEqual([0, 0, 0, 0, 0, 0])
    expect([f.ctrBp, f.cvrBp, f.epcFen, f.costPerSaleFen, f.roiBp]).toEqual([null, null, null, null, null])
  })

  it.each<[string, Partial<FunnelCounts>, Partial<Record<'ctrBp' | 'cvrBp' | 'epcFen' | 'costPerSaleFen' | 'roiBp', number | null>>]>([
    ['member counts unknown: no CTR even with visitors', { reach: 0, reachedVisitors: 0 }, { ctrBp: null, cvrBp: 2000 }],
    ['orders but no tracked visitors (landing pages off): no CVR or EPC', { views: 0, visitors: 0, reachedVisitors: 0 }, { cvrBp: null, epcFen: null, ctrBp: 0 }],
    ['nothing paid out: no ROI', { rebatesFen: 0, sharesFen: 0 }, { roiBp: null, costPerSaleFen: 0 }],
    ['payouts above the commission: negative margin and ROI', { rebatesFen: 3000, sharesFen: 500 }, { roiBp: -2858, costPerSaleFen: 875 }],
  ])('%s', (_, patch, expected) => {
    expect(funnelFigures({ ...counts, ...patch })).toMatchObject(expected)
  })

  it('no order: cost per sale is no ratio; ratios are never NaN or Infinity', () => {
    const f = funnelFigures({ ...counts, orders: [], rebatesFen: 0, sharesFen: 0 })
    expect(f.costPerSaleFen).toBeNull()
    for (const value of Object.values(f)) if (value !== null) expect(Number.isFinite(value)).toBe(true)
  })
})
