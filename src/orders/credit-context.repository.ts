import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import type { CreditOrderRow } from './order.table.js'
import { promotedByAllowanceMs } from './promoted-by.js'

/** What crediting an attributed order needs beyond the order: the buyer's upline and whether the item came as a group push. */
export interface OrderCreditContext {
  /** The buyer's inviter (二级分销 level 1) and the inviter's inviter (level 2). */
  readonly l1: string | null
  readonly l2: string | null
  /** The buyer had been given the item as a group push before paying: a group order, credited to the owner. */
  readonly pushed: boolean
}

export interface CreditContext {
  readonly byOrder: Map<string, OrderCreditContext>
  /** Chat contact of every user named in `byOrder` (buyers and both upline levels). */
  readonly contacts: Map<string, string>
}

interface ContextColumns {
  contact_id: string | null
  l1: string | null
  l1_contact: string | null
  l2: string | null
  l2_contact: string | null
  pushed: boolean
}

// Lookups by key only (users by id, conversions by user and item), so the cost follows the batch,
// not the size of the users or conversions tables.
const contextSelect = (clockSkewMs: number | undefined) => sql`u.contact_id, l1.id as l1, l1.contact_id as l1_contact, l2.id as l2, l2.contact_id as l2_contact,
  exists (select 1 from conversions c where c.user_id = o.user_id and c.platform = o.platform and c.item_id = o.item_id
    and c.purpose = 'push' and c.created_at <= o.paid_at + ${promotedByAllowanceMs(clockSkewMs)} * interval '1 millisecond') as pushed`
const CONTEXT_JOINS = sql`left join users u on u.id = o.user_id
  left join users l1 on l1.id = u.inviter_id
  left join users l2 on l2.id = l1.inviter_id`

/**
 * Locks the orders (in id order, so concurrent batches cannot deadlock) and
 * reads, in the same round trip, the context of those already attributed.
 */
export async function lockForCredit(
  trx: Transaction<Database>,
  ids: readonly string[],
  clockSkewMs?: number,
): Promise<{ orders: CreditOrderRow[]; context: CreditContext }> {
  const result = await sql<CreditOrderRow & ContextColumns>`
    select o.id, o.platform, o.sub_order_id, o.order_id, o.item_id, o.item_title, o.paid_fen, o.status,
      o.estimated_commission_fen, o.settled_commission_fen, o.platform_attribution_id, o.relation_id, o.paid_at,
      o.user_id, o.attribution, o.attribution_note, ${contextSelect(clockSkewMs)}
    from orders o ${CONTEXT_JOINS}
    where o.id = any(${sql.val([...new Set(ids)])}::bigint[])
    order by o.id
    for update of o`.execute(trx)
  const context: CreditContext = { byOrder: new Map(), contacts: new Map() }
  const orders = result.rows.map((row) => {
    const { contact_id, l1, l1_contact, l2, l2_contact, pushed, ...order } = row
    if (order.user_id) addContext(context, order.id, order.user_id, { contact_id, l1, l1_contact, l2, l2_contact, pushed })
    return order
  })
  return { orders, context }
}

/** The context of orders attributed after they were locked, added to `context`. */
export async function addCreditContext(
  db: Kysely<Database>,
  orders: readonly CreditOrderRow[],
  context: CreditContext,
  clockSkewMs?: number,
): Promise<void> {
  const attributed = orders.filter((o) => o.user_id !== null)
  if (attributed.length === 0) return
  const result = await sql<{ id: string; user_id: string } & ContextColumns>`
    select o.id, o.user_id, ${contextSelect(clockSkewMs)}
    from orders o ${CONTEXT_JOINS}
    where o.id = any(${sql.val(attributed.map((o) => o.id))}::bigint[])`.execute(db)
  for (const { id, user_id, ...columns } of result.rows) addContext(context, id, user_id, columns)
}

function addContext(context: CreditContext, orderId: string, userId: string, row: ContextColumns): void {
  context.byOrder.set(orderId, { l1: row.l1, l2: row.l2, pushed: row.pushed })
  if (row.contact_id) context.contacts.set(userId, row.contact_id)
  if (row.l1 && row.l1_contact) context.contacts.set(row.l1, row.l1_contact)
  if (row.l2 && row.l2_contact) context.contacts.set(row.l2, row.l2_contact)
}
