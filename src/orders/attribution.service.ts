import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { usersByPlatformId, usersPromotedIn } from './attribution.repository.js'
import type { AttributionMethod, AttributionNote, CreditOrderRow } from './order.table.js'
import { promotedBy } from './promoted-by.js'

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
 * promoter's (never guessed, never claimable). Decides for a batch of orders
 * in three queries; orders without a decision are absent from the result.
 */
export async function attributeOrders(
  db: Kysely<Database>,
  orders: readonly CreditOrderRow[],
  windowMs: number,
  clockSkewMs?: number,
): Promise<Map<string, AttributionDecision>> {
  const decisions = new Map<string, AttributionDecision>()
  if (orders.length === 0) return decisions
  const owners = await platformIdOwners(db, orders)
  const needsLadder: CreditOrderRow[] = []
  for (const order of orders) {
    const owner = owners.get(rowKey(order))
    if (owner === undefined) needsLadder.push(order)
    else if (owner === 'foreign') decisions.set(order.id, { userId: null, method: null, note: 'foreign', candidates: [] })
    else decisions.set(order.id, { userId: owner, method: 'platform_id', note: null, candidates: [] })
  }
  const promoted = await usersPromoted(db, needsLadder, windowMs, clockSkewMs)
  for (const order of needsLadder) {
    const candidates = promoted.get(order.id) ?? []
    if (candidates.length === 1) decisions.set(order.id, { userId: candidates[0] ?? null, method: 'recent_promotion', note: null, candidates: [] })
    else if (candidates.length > 1) decisions.set(order.id, { userId: null, method: null, note: 'ambiguous', candidates })
  }
  return decisions
}

/**
 * The first rung alone: the owner of each row's per-user id, or 'foreign'
 * when the id is none of our users, keyed by `rowKey`; rows without such an
 * id are absent (the rest of the ladder decides them).
 */
export async function platformIdOwners(
  db: Kysely<Database>,
  rows: readonly { platform: string; sub_order_id: string; platform_attribution_id?: string | null; relation_id?: string | null }[],
): Promise<Map<string, string | 'foreign'>> {
  const byAttribution = await usersByPlatformId(db, 'attribution_id', rows.flatMap((r) => (r.platform_attribution_id ? [r.platform_attribution_id] : [])))
  const byRelation = await usersByPlatformId(db, 'taobao_relation_id', rows.flatMap((r) => (!r.platform_attribution_id && r.relation_id ? [r.relation_id] : [])))
  const owners = new Map<string, string | 'foreign'>()
  for (const row of rows) {
    if (row.platform_attribution_id) owners.set(rowKey(row), byAttribution.get(row.platform_attribution_id) ?? 'foreign')
    else if (row.relation_id) owners.set(rowKey(row), byRelation.get(row.relation_id) ?? 'foreign')
  }
  return owners
}

/** A sub-order's key across platforms. */
export const rowKey = (row: { platform: string; sub_order_id: string }): string => `${row.platform}/${row.sub_order_id}`

/** For each order, the (at most 3) distinct users given a link for its item in the window before payment. */
function usersPromoted(
  db: Kysely<Database>,
  orders: readonly CreditOrderRow[],
  windowMs: number,
  clockSkewMs: number | undefined,
): Promise<Map<string, string[]>> {
  return usersPromotedIn(
    db,
    orders.map((o) => ({
      orderRowId: o.id,
      platform: o.platform,
      itemId: o.item_id,
      since: new Date(o.paid_at.getTime() - windowMs),
      until: promotedBy(o.paid_at, clockSkewMs),
    })),
  )
}
