/**
 * A claimant must have been given a link much closer to the payment than
 * anyone else to win an order others were also given links for: buyers pay
 * within minutes of asking for a link, so the nearest link is the likely
 * buyer, but only when the lead is clear. Both conditions hold: the rival's
 * link is at least CLEAR_FACTOR times as old (at payment) as the claimant's,
 * and at least CLEAR_MARGIN_MS older.
 */
export const CLEAR_FACTOR = 4
export const CLEAR_MARGIN_MS = 30 * 60_000

export interface ClaimFacts {
  readonly paidAt: Date
  /** The claimant's latest link for the item that counts as given before payment, if any. */
  readonly mine: Date | undefined
  /** The latest such link given to anyone else, if any. */
  readonly rival: Date | undefined
}

/**
 * 'likely': the claimant may have the order; 'doubtful': someone else may
 * just as well have bought it (or more likely did), so nobody gets it by
 * claiming first; 'implausible': the claimant was never given the link.
 */
export type ClaimJudgement = 'likely' | 'doubtful' | 'implausible'

export function judgeClaim(facts: ClaimFacts): ClaimJudgement {
  if (!facts.mine) return 'implausible'
  if (!facts.rival) return 'likely'
  // A link "after" payment within the clock allowance counts as given at payment.
  const mineAge = Math.max(0, facts.paidAt.getTime() - facts.mine.getTime())
  const rivalAge = Math.max(0, facts.paidAt.getTime() - facts.rival.getTime())
  return rivalAge >= CLEAR_FACTOR * mineAge && rivalAge - mineAge >= CLEAR_MARGIN_MS ? 'likely' : 'doubtful'
}
