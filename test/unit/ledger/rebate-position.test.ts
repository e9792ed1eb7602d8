import { describe, expect, it } from 'vitest'
import { movementTo, targetPosition, ZERO, type CommissionState, type Position } from '../../../src/ledger/rebate-position.js'

const order = (status: CommissionState['status'], estimated: number, settled: number | null = null): CommissionState => ({
  status,
  estimatedCommissionFen: estimated,
  settledCommissionFen: settled,
})

describe(targetPosition.name, () => {
  it.each([
    ['paid: share of the paid estimate, pending', order('paid', 1000), 6000, { pendingFen: 600, availableFen: 0 }],
    ['received: still pending', order('received', 1000), 6000, { pendingFen: 600, availableFen: 0 }],
    ['settled: share of the settled amount, available', order('settled', 1000, 900), 6000, { pendingFen: 0, availableFen: 540 }],
    ['settled without a settled figure: the estimate', order('settled', 1000), 6000, { pendingFen: 0, availableFen: 600 }],
    ['refunded: nothing', order('refunded', 1000, 0), 6000, ZERO],
    ['refunded before settlement: nothing', order('refunded', 1000), 6000, ZERO],
    ['partly refunded after settlement: what is left', order('refunded', 1000, 300), 6000, { pendingFen: 0, availableFen: 180 }],
    ['invalid: nothing', order('invalid', 1000, 1000), 6000, ZERO],
    ['rounds down per order', order('paid', 999), 6000, { pendingFen: 599, availableFen: 0 }],
    ['1 fen of commission earns nothing at 60%', order('paid', 1), 6000, ZERO],
  ] as const)('%s', (_name, state, share, expected) => {
    expect(targetPosition(state, share)).toEqual(expected)
  })
})

const p = (pendingFen: number, availableFen: number): Position => ({ pendingFen, availableFen })

describe(movementTo.name, () => {
  it.each([
    ['first credit', ZERO, p(600, 0), 'pending', 600, 0],
    ['settlement at the same amount', p(600, 0), p(0, 600), 'settle', -600, 600],
    ['settlement at a different amount', p(600, 0), p(0, 540), 'settle', -600, 540],
    ['refund before settlement', p(600, 0), ZERO, 'reverse', -600, 0],
    ['refund after settlement', p(0, 540), ZERO, 'reverse', 0, -540],
    ['estimate corrected while pending', p(600, 0), p(480, 0), 'adjust', -120, 0],
    ['partial clawback after settlement', p(0, 540), p(0, 180), 'adjust', 0, -360],
    ['settled straight from nothing', ZERO, p(0, 540), 'adjust', 0, 540],
  ] as const)('%s', (_name, posted, target, kind, pending, available) => {
    expect(movementTo(posted, target)).toEqual({ kind, pendingDeltaFen: pending, availableDeltaFen: available })
  })

  it('a replayed state moves nothing', () => {
    expect(movementTo(p(600, 0), p(600, 0))).toBeUndefined()
    expect(movementTo(ZERO, ZERO)).toBeUndefined()
  })
})
