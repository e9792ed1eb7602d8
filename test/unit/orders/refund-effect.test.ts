import { describe, expect, it } from 'vitest'
import { refundEffect, type RefundableOrder } from '../../../src/orders/refund-effect.js'

const t0 = new Date('2026-11-20T10:00:00Z')
const order = (over: Partial<RefundableOrder>): RefundableOrder => ({
  status: 'settled',
  estimatedCommissionFen: 1000,
  settledCommissionFen: 900,
  platformUpdatedAt: t0,
  ...over,
})

describe(refundEffect.name, () => {
  it.each([
    // [what, order, refund fen, status after, estimated after, settled after]
    ['settled, full refund', order({}), 900, 'refunded', 1000, 0],
    ['settled, partial refund', order({}), 300, 'refunded', 1000, 600],
    ['settled, refund above what was paid', order({}), 5000, 'refunded', 1000, 0],
    ['settled, empty refund amount: all of it', order({}), null, 'refunded', 1000, 0],
    ['settled without a settled amount: the estimate is the base', order({ settledCommissionFen: null }), 400, 'refunded', 1000, 600],
    ['already refunded in part: a second refund takes from what is left', order({ status: 'refunded', settledCommissionFen: 600 }), 200, 'refunded', 1000, 400],
    ['paid, partial refund: the estimate is lowered, nothing becomes withdrawable', order({ status: 'paid', settledCommissionFen: null }), 300, 'paid', 700, null],
    ['received, full refund', order({ status: 'received', settledCommissionFen: null }), 1000, 'refunded', 1000, 0],
    ['paid, empty refund amount', order({ status: 'paid', settledCommissionFen: null }), null, 'refunded', 1000, 0],
  ] as const)('%s', (_what, before, refundFen, status, estimated, settled) => {
    const after = refundEffect(before, { commissionRefundFen: refundFen, updatedAt: new Date(t0.getTime() + 60_000) })
    expect(after).toMatchObject({ status, estimatedCommissionFen: estimated, settledCommissionFen: settled })
  })

  it('an invalid order earned nothing: nothing to take back', () => {
    expect(refundEffect(order({ status: 'invalid' }), { commissionRefundFen: 100, updatedAt: t0 })).toBeUndefined()
  })

  it('the update time moves strictly forward, whatever the refund row says', () => {
    const earlier = refundEffect(order({}), { commissionRefundFen: 100, updatedAt: new Date(t0.getTime() - 3_600_000) })
    expect(earlier?.platformUpdatedAt.getTime()).toBe(t0.getTime() + 1)
    const later = refundEffect(order({}), { commissionRefundFen: 100, updatedAt: new Date(t0.getTime() + 5000) })
    expect(later?.platformUpdatedAt.getTime()).toBe(t0.getTime() + 5000)
  })
})
