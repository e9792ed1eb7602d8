import type { Kysely } from 'kysely'
import { usersPromotedItem } from '../conversions/conversion.repository.js'
import type { Database } from '../db/database.js'
import { findUserByAttributionId, findUserByRelationId } from '../users/user.repository.js'
import type { AttributionMethod, AttributionNote, OrderRow } from './order.table.js'

export interface AttributionDecision {
  readonly userId: string | null
  readonly method: AttributionMethod | null
  readonly note: AttributionNote | null
  /** Users who were all promoted the item: each is asked to claim the order. */
  readonly candidates: readonly string[]
}

/**
 * The attribution ladder, best rung first: the per-user id the platform
 * echoed; else the one user promoted the same item in the window before
 * payment. Never a guess between two users: then nobody, and they are asked.
 * An id that belongs to none of our users marks the order as another
 * promoter's (never guessed, never claimable).
 */
export async function attributeOrder(
  db: Kysely<Database>,
  order: OrderRow,
  windowMs: number,
): Promise<AttributionDecision> {
  const none = { userId: null, method: null, candidates: [] }
  const platformId = order.platform_attribution_id ?? order.relation_id
  if (platformId) {
    const user = order.platform_attribution_id
      ? await findUserByAttributionId(db, order.platform_attribution_id)
      : await findUserByRelationId(db, platformId)
    return user ? { userId: user.id, method: 'platform_id', note: null, candidates: [] } : { ...none, note: 'foreign' }
  }
  const candidates = await usersPromotedItem(db, {
    platform: order.platform,
    itemId: order.item_id,
    from: new Date(order.paid_at.getTime() - windowMs),
    to: order.paid_at,
  })
  if (candidates.length === 1) return { userId: candidates[0] ?? null, method: 'recent_promotion', note: null, candidates: [] }
  if (candidates.length > 1) return { ...none, note: 'ambiguous', candidates }
  return { ...none, note: null }
}
