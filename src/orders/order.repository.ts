import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'
import type { AttributionMethod, AttributionNote, NewOrderRow, OrderRow } from './order.table.js'

/** Locks an order row for the rest of the transaction (crediting and claims serialize on it). */
export async function lockOrder(trx: Kysely<Database>, id: string): Promise<OrderRow | undefined> {
  return trx.selectFrom('orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
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
        received_at: eb.ref('excluded.received_at'),
        settled_at: eb.ref('excluded.settled_at'),
        platform_updated_at: eb.ref('excluded.platform_updated_at'),
        updated_at: sql<Date>`now()`,
      })),
    )
    .returning(['id', 'sub_order_id'])
    .execute()
  return new Map(updated.map((r) => [r.sub_order_id, r.id]))
}

export async function setAttribution(
  trx: Kysely<Database>,
  id: string,
  attribution: { userId: string | null; method: AttributionMethod | null; note: AttributionNote | null },
): Promise<OrderRow> {
  return trx
    .updateTable('orders')
    .set({
      user_id: attribution.userId,
      attribution: attribution.method,
      attribution_note: attribution.note,
      attributed_at: attribution.userId ? new Date() : null,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function setNotifiedStatus(db: Kysely<Database>, id: string, status: OrderRow['status']): Promise<void> {
  await db.updateTable('orders').set({ notified_status: status }).where('id', '=', id).execute()
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
