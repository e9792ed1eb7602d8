import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { OrderRow } from './order.table.js'

/** What crediting an attributed order needs beyond the order: the buyer's upline and whether the item came as a group push. */
export interface OrderCreditContext {
  /** The buyer's inviter (二级分销 level 1) and the inviter's inviter (level 2). */
  readonly l1: string | null
  readonly l2: string | null
  /** The buyer had been given the item as a group push before paying: a group order, credited to the owner. */
  readonly pushed: boolean
}

export interface CreditContext {
  readonly byOrder: ReadonlyMap<string, OrderCreditContext>
  /** Chat contact of every user named in `byOrder` (buyers and both upline levels). */
  readonly contacts: ReadonlyMap<string, string>
}

/**
 * The context of a batch of attributed orders in one round trip: array
 * parameters (one per column, whatever the batch size) and lookups by key,
 * so its cost follows the batch, not the size of the users or conversions.
 */
export async function creditContext(db: Kysely<Database>, orders: readonly OrderRow[]): Promise<CreditContext> {
  const attributed = orders.filter((o) => o.user_id !== null)
  const byOrder = new Map<string, OrderCreditContext>()
  const contacts = new Map<string, string>()
  if (attributed.length === 0) return { byOrder, contacts }
  const result = await sql<{
    order_row_id: string
    user_id: string
    contact_id: string
    l1: string | null
    l1_contact: string | null
    l2: string | null
    l2_contact: string | null
    pushed: boolean
  }>`
    select w.id as order_row_id, u.id as user_id, u.contact_id, l1.id as l1, l1.contact_id as l1_contact,
      l2.id as l2, l2.contact_id as l2_contact,
      exists (select 1 from conversions c where c.user_id = w.user_id and c.platform = w.platform and c.item_id = w.item_id
        and c.purpose = 'push' and c.created_at <= w.paid_at) as pushed
    from unnest(${sql.val(attributed.map((o) => o.id))}::bigint[], ${sql.val(attributed.map((o) => o.user_id))}::bigint[],
      ${sql.val(attributed.map((o) => o.platform))}::text[], ${sql.val(attributed.map((o) => o.item_id))}::text[],
      ${sql.val(attributed.map((o) => o.paid_at))}::timestamptz[]) as w(id, user_id, platform, item_id, paid_at)
    join users u on u.id = w.user_id
    left join users l1 on l1.id = u.inviter_id
    left join users l2 on l2.id = l1.inviter_id`.execute(db)
  for (const row of result.rows) {
    byOrder.set(String(row.order_row_id), { l1: row.l1, l2: row.l2, pushed: row.pushed })
    contacts.set(row.user_id, row.contact_id)
    if (row.l1 && row.l1_contact) contacts.set(row.l1, row.l1_contact)
    if (row.l2 && row.l2_contact) contacts.set(row.l2, row.l2_contact)
  }
  return { byOrder, contacts }
}
