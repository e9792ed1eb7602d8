import type { Kysely } from 'kysely'
import { userWasPromotedItem } from '../conversions/conversion.repository.js'
import type { Database } from '../db/database.js'
import { ensureUser, type ChatIdentity } from '../users/user.service.js'
import { lockOrdersByNumber, setAttributions } from './order.repository.js'
import { promotedBy } from './promoted-by.js'

export type ClaimOutcome =
  | { readonly kind: 'claimed'; readonly orderId: string; readonly title: string; readonly orderRowIds: readonly string[] }
  | { readonly kind: 'already-yours' | 'not-found' | 'taken' | 'implausible'; readonly orderId: string }

export interface ClaimDeps {
  readonly db: Kysely<Database>
  /** How long before payment the claimant must have been given a link for the item. */
  readonly claimWindowMs: number
  /** How far our clock may run ahead of the platform's (default 30 s). */
  readonly clockSkewMs?: number
}

/**
 * A user claims an order the bot could not attribute, by its number. Checked
 * against the synced order: it must exist, be nobody's (and not another
 * promoter's), and its item must have been promoted to this user before
 * payment. Runs with the order rows locked, so two claims cannot both win.
 */
export async function claimOrder(deps: ClaimDeps, who: ChatIdentity, orderId: string): Promise<ClaimOutcome> {
  return deps.db.transaction().execute(async (trx) => {
    const rows = await lockOrdersByNumber(trx, orderId)
    if (rows.length === 0) return { kind: 'not-found', orderId }
    const user = await ensureUser(trx, who)
    if (rows.every((row) => row.user_id === user.id)) return { kind: 'already-yours', orderId }
    const open = rows.filter((row) => row.user_id === null && row.attribution_note !== 'foreign')
    if (open.length === 0) return { kind: 'taken', orderId }
    const plausible = []
    for (const row of open) {
      const promoted = await userWasPromotedItem(trx, {
        userId: user.id,
        platform: row.platform,
        itemId: row.item_id,
        from: new Date(row.paid_at.getTime() - deps.claimWindowMs),
        to: promotedBy(row.paid_at, deps.clockSkewMs),
      })
      if (promoted) plausible.push(row)
    }
    if (plausible.length === 0) return { kind: 'implausible', orderId }
    await setAttributions(trx, new Map(plausible.map((row) => [row.id, { userId: user.id, method: 'claim' as const, note: row.attribution_note }])))
    return { kind: 'claimed', orderId, title: plausible[0]?.item_title ?? '', orderRowIds: plausible.map((r) => r.id) }
  })
}
