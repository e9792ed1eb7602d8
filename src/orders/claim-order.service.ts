import { count } from '../metrics/metrics.js'
import { ensureUser, type ChatIdentity } from '../users/user.service.js'
import { awardOrdersIn } from './award-orders.service.js'
import { judgeClaim } from './claim-rule.js'
import { latestLinks } from './claim.repository.js'
import type { CreditDeps } from './credit-order.service.js'
import { lockOrdersByNumber } from './order.repository.js'
import type { OrderRow } from './order.table.js'
import { promotedBy } from './promoted-by.js'

export type ClaimOutcome =
  | {
      readonly kind: 'claimed'
      readonly orderId: string
      readonly title: string
      readonly orderRowIds: readonly string[]
      /** What the claim credited the claimant at once (pending, as the order stands). */
      readonly rebateFen: number
    }
  | { readonly kind: 'already-yours' | 'not-found' | 'taken' | 'implausible' | 'disputed'; readonly orderId: string }

export interface ClaimDeps extends CreditDeps {
  /** How long before payment the claimant must have been given a link for the item. */
  readonly claimWindowMs: number
}

/**
 * A user claims an order the bot could not attribute, by its number. Checked
 * against the synced order: it must exist, be nobody's (and not another
 * promoter's), and its item must have been promoted to this user before
 * payment — and, when others were given the item too, much closer to the
 * payment than to anyone else (`claim-rule.ts`): in doubt nobody wins by
 * claiming first. The claim credits the order in the same transaction, so
 * the attribution, the ledger movements and their notices commit together
 * (nothing is left to a queue that may be down). The rows are locked, so two
 * claims cannot both win.
 */
export async function claimOrder(deps: ClaimDeps, who: ChatIdentity, orderId: string): Promise<ClaimOutcome> {
  let moved: string[] = []
  const outcome = await deps.db.transaction().execute(async (trx): Promise<ClaimOutcome> => {
    const rows = await lockOrdersByNumber(trx, orderId)
    if (rows.length === 0) return { kind: 'not-found', orderId }
    const user = await ensureUser(trx, who)
    if (rows.every((row) => row.user_id === user.id)) return { kind: 'already-yours', orderId }
    const open = rows.filter((row) => row.user_id === null && row.attribution_note !== 'foreign')
    if (open.length === 0) return { kind: 'taken', orderId }
    const won: OrderRow[] = []
    let doubtful = false
    for (const row of open) {
      const to = promotedBy(row.paid_at, deps.clockSkewMs)
      const links = await latestLinks(trx, user.id, { platform: row.platform, itemId: row.item_id, from: new Date(row.paid_at.getTime() - deps.claimWindowMs), to })
      const judgement = judgeClaim({ paidAt: row.paid_at, ...links })
      if (judgement === 'likely') won.push(row)
      else if (judgement === 'doubtful') doubtful = true
    }
    if (won.length === 0) return { kind: doubtful ? 'disputed' : 'implausible', orderId }
    const award = await awardOrdersIn(trx, deps, won, user.id, 'claim')
    moved = [...award.movementKinds]
    return { kind: 'claimed', orderId, title: won[0]?.item_title ?? '', orderRowIds: won.map((r) => r.id), rebateFen: award.rebateFen }
  })
  count.ledgerMovements(moved)
  return outcome
}
