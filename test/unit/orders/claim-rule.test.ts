import { describe, expect, it } from 'vitest'
import { judgeClaim, type ClaimJudgement } from '../../../src/orders/claim-rule.js'

const paidAt = new Date('2026-12-06T12:00:00Z')
/** A link given `minutes` before the payment (negative: after it, within the clock allowance). */
const before = (minutes: number): Date => new Date(paidAt.getTime() - minutes * 60_000)

describe(judgeClaim.name, () => {
  it.each<[string, number | undefined, number | undefined, ClaimJudgement]>([
    ['never given the link', undefined, 5, 'implausible'],
    ['never given the link, nobody else either', undefined, undefined, 'implausible'],
    ['the only one given the link, days ago', 3 * 24 * 60, undefined, 'likely'],
    ['2 min before payment, the other 3 days before', 2, 3 * 24 * 60, 'likely'],
    ['5 min before, the other 40 min before', 5, 40, 'likely'],
    ['5 min before, the other 25 min before (lead under 30 min)', 5, 25, 'doubtful'],
    ['20 min before, the other 60 min before (only 3× as old)', 20, 60, 'doubtful'],
    ['both in the same minute', 1, 1, 'doubtful'],
    ['the other was given it closer to payment', 60, 2, 'doubtful'],
    ['both "after" payment within the clock allowance', -0.2, -0.1, 'doubtful'],
    ['in the second of payment, the other an hour before', 0, 60, 'likely'],
  ])('%s → %s', (_case, mine, rival, expected) => {
    expect(judgeClaim({ paidAt, mine: mine === undefined ? undefined : before(mine), rival: rival === undefined ? undefined : before(rival) })).toBe(expected)
  })
})
