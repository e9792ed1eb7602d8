import { recordAudit, type AuditActor } from '../audit/audit.repository.js'
import { count } from '../metrics/metrics.js'
import { normalizeInviteCode } from '../referrals/referral-rules.js'
import { findUsersByReference } from '../users/user-reference.repository.js'
import type { UserRow } from '../users/user.table.js'
import { awardOrdersIn } from './award-orders.service.js'
import type { ClaimDeps } from './claim-order.service.js'
import { findOrderRow, linkHolders, lockOrderRow, type LinkHolder } from './order-assignment.repository.js'
import type { OrderRow } from './order.table.js'
import { promotedBy } from './promoted-by.js'

export type AssignOutcome =
  | { readonly kind: 'assigned'; readonly order: OrderRow; readonly user: UserRow; readonly rebateFen: number }
  | { readonly kind: 'order-not-found' }
  /** Nobody has that id, contact id or invite code. */
  | { readonly kind: 'user-not-found' }
  /** The text names different users (one's id is another's contact id): the operator says which by user id. */
  | { readonly kind: 'user-ambiguous'; readonly users: readonly UserRow[] }
  /** Someone's already, or another promoter's (a per-user id that is none of ours): never reassigned here. */
  | { readonly kind: 'attributed'; readonly order: OrderRow }

/** What the assignment page shows: the order and who was given a link for its item in the claim window before payment. */
export interface AssignmentView {
  readonly order: OrderRow
  readonly linkHolders: readonly LinkHolder[]
}

export async function assignmentView(deps: Pick<ClaimDeps, 'db' | 'claimWindowMs' | 'clockSkewMs'>, orderRowId: string): Promise<AssignmentView | undefined> {
  const order = await findOrderRow(deps.db, orderRowId)
  if (!order) return undefined
  const holders = await linkHolders(
    deps.db,
    {
      platform: order.platform,
      itemId: order.item_id,
      from: new Date(order.paid_at.getTime() - deps.claimWindowMs),
      to: promotedBy(order.paid_at, deps.clockSkewMs),
    },
    10,
  )
  return { order, linkHolders: holders }
}

/** Whether an order row may be assigned: nobody's and not another promoter's. */
export function isAssignable(order: Pick<OrderRow, 'user_id' | 'attribution_note'>): boolean {
  return order.user_id === null && order.attribution_note !== 'foreign'
}

/**
 * An operator gives an unattributed sub-order to a user (a buyer who showed
 * a screenshot, a disputed claim settled by hand). It takes the claim's own
 * path (`awardOrdersIn`): attribution rung 'operator', the ledger movements
 * of the order as it stands, their notices and the "settled" notices to the
 * others who were asked — in one transaction with the row locked, together
 * with the audit row. The user is named by id, contact id or invite code.
 * An order already someone's or another promoter's is refused, as are an
 * unknown order and an unknown or ambiguous user: nothing changes.
 */
export async function assignOrder(
  deps: ClaimDeps,
  actor: AuditActor,
  orderRowId: string,
  userText: string,
  reason: string,
): Promise<AssignOutcome> {
  let moved: readonly string[] = []
  const outcome = await deps.db.transaction().execute(async (trx): Promise<AssignOutcome> => {
    const order = await lockOrderRow(trx, orderRowId)
    if (!order) return { kind: 'order-not-found' }
    if (!isAssignable(order)) return { kind: 'attributed', order }
    const users = await findUsersByReference(trx, userReference(userText))
    const user = users[0]
    if (!user) return { kind: 'user-not-found' }
    if (users.length > 1) return { kind: 'user-ambiguous', users }
    const award = await awardOrdersIn(trx, deps, [order], user.id, 'operator')
    moved = award.movementKinds
    const after = award.credited[0]?.order ?? order
    await recordAudit(trx, {
      actor,
      action: 'assign-order',
      target: { kind: 'order', id: order.id },
      before: { userId: null, attribution: null, note: order.attribution_note },
      after: { userId: user.id, attribution: after.attribution, rebateFen: award.rebateFen },
      reason,
    })
    return { kind: 'assigned', order: { ...order, user_id: user.id, attribution: 'operator' }, user, rebateFen: award.rebateFen }
  })
  count.ledgerMovements([...moved])
  return outcome
}

function userReference(text: string): { id?: string; contactId: string; inviteCode?: string } {
  const trimmed = text.trim()
  const inviteCode = normalizeInviteCode(trimmed)
  return {
    contactId: trimmed,
    ...(/^\d{1,18}$/.test(trimmed) ? { id: trimmed } : {}),
    ...(inviteCode === undefined ? {} : { inviteCode }),
  }
}
