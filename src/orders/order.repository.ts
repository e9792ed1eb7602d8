import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'
import type { AttributionMethod, AttributionNote, NewOrderRow, OrderRow } from './order.table.js'

/** Locks order rows, in id order, for the rest of the transaction (crediting and claims serialize on them). */
export async function lockOrders(trx: Kysely<Database>, ids: readonly string[]): Promise<OrderRow[]> {
  if (ids.length === 0) return []
  return trx.selectFrom('orders').selectAll().where('id', 'in', [...new Set(ids)]).orderBy('id').forUpdate().execute()
}

export async function findOrdersBySubIds(db: Kysely<Database>, platform: Platform, subOrderIds: readonly string[]): Promise<OrderRow[]> {
  if (subOrderIds.length === 0) return []
  return db.selectFrom('orders').selectAll().where('platform', '=', platform).where('sub_order_id', 'in', subOrderIds).execute()
}

/** Inserts or overwrites rows whose merged state the caller computed; returns (sub_order_id → id). */
export async function upsertOrders(db: Kysely<Database>, rows: readonly NewOrderRow[]): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map()
  const updated = await db
    .insertInto('orders')
    .values([...rows])
    .onConflict((oc) =>
      oc.columns(['platform', 'sub_order_id']).doUpdateSet((eb) => ({
        order_id: eb.ref('excluded.order_id'),
        item_id: eb.ref('excluded.item_id'),
        item_title: eb.ref('excluded.item_title'),
        quantity: eb.ref('excluded.quantity'),
        paid_fen: eb.ref('excluded.paid_fen'),
        status: eb.ref('excluded.status'),
        estimated_commission_fen: eb.ref('excluded.estimated_commission_fen'),
        settled_commission_fen: eb.ref('excluded.settled_commission_fen'),
        platform_attribution_id: eb.ref('excluded.platform_attribution_id'),
        relation_id: eb.ref('excluded.relation_id'),
        // Some feeds report a time only at the status it belongs to (Taobao's receipt): keep what we have.
        received_at: eb.fn.coalesce('excluded.received_at', 'orders.received_at'),
        settled_at: eb.fn.coalesce('excluded.settled_at', 'orders.settled_at'),
        platform_updated_at: eb.ref('excluded.platform_updated_at'),
        updated_at: sql<Date>`now()`,
      })),
    )
    .returning(['id', 'sub_order_id'])
    .execute()
  return new Map(updated.map((r) => [r.sub_order_id, r.id]))
}

/** Writes attribution decisions for several orders in one statement; returns the updated rows. */
export async function setAttributions(
  trx: Kysely<Database>,
  decisions: ReadonlyMap<string, { userId: string | null; method: AttributionMethod | null; note: AttributionNote | null }>,
): Promise<OrderRow[]> {
  if (decisions.size === 0) return []
  const values = sql.join(
    [...decisions].map(([id, d]) => sql`(${id}::bigint, ${d.userId}::bigint, ${d.method}::text, ${d.note}::text)`),
  )
  const result = await sql<OrderRow>`
    update orders set user_id = v.user_id, attribution = v.method, attribution_note = v.note,
      attributed_at = case when v.user_id is null then null else now() end, updated_at = now()
    from (values ${values}) as v(id, user_id, method, note)
    where orders.id = v.id
    returning orders.*`.execute(trx)
  return result.rows
}

/** Every sub-order of an order number, on any platform, locked. */
export async function lockOrdersByNumber(trx: Kysely<Database>, orderId: string): Promise<OrderRow[]> {
  return trx.selectFrom('orders').selectAll().where('order_id', '=', orderId).orderBy('id').forUpdate().execute()
}

export async function listUserOrders(db: Kysely<Database>, userId: string, limit: number): Promise<OrderRow[]> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('paid_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}
