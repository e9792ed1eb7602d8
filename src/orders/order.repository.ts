import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'
import type { AttributionMethod, AttributionNote, NewOrderRow, OrderRow } from './order.table.js'

export async function findOrdersBySubIds(db: Kysely<Database>, platform: Platform, subOrderIds: readonly string[]): Promise<OrderRow[]> {
  if (subOrderIds.length === 0) return []
  return db
    .selectFrom('orders')
    .selectAll()
    .where('platform', '=', platform)
    .where(sql<boolean>`sub_order_id = any(${sql.val([...subOrderIds])}::text[])`)
    .execute()
}

/** Column order and types of the order writes' unnest: one array parameter per column, whatever the batch size. */
const ORDER_COLUMNS = [
  ['platform', 'text'],
  ['sub_order_id', 'text'],
  ['order_id', 'text'],
  ['item_id', 'text'],
  ['item_title', 'text'],
  ['quantity', 'integer'],
  ['paid_fen', 'bigint'],
  ['status', 'text'],
  ['estimated_commission_fen', 'bigint'],
  ['settled_commission_fen', 'bigint'],
  ['platform_attribution_id', 'text'],
  ['relation_id', 'text'],
  ['paid_at', 'timestamptz'],
  ['received_at', 'timestamptz'],
  ['settled_at', 'timestamptz'],
  ['platform_updated_at', 'timestamptz'],
  ['user_id', 'bigint'],
  ['attribution', 'text'],
  ['attribution_note', 'text'],
  ['attributed_at', 'timestamptz'],
] as const satisfies readonly (readonly [keyof NewOrderRow, string])[]

/** The rows as `select * from unnest(...)`, columns in `ORDER_COLUMNS` order. */
function unnestRows(rows: readonly NewOrderRow[]) {
  const arrays = ORDER_COLUMNS.map(([column, type]) => sql`${sql.val(rows.map((row) => row[column] ?? null))}::${sql.raw(type)}[]`)
  return sql`select * from unnest(${sql.join(arrays)})`
}

const COLUMN_LIST = sql.join(ORDER_COLUMNS.map(([column]) => sql.id(column)))

/** Inserts the rows whose sub-order is not stored yet; returns (sub_order_id → id) of those inserted. */
export async function insertNewOrders(db: Kysely<Database>, rows: readonly NewOrderRow[]): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map()
  const result = await sql<{ id: string; sub_order_id: string }>`
    insert into orders (${COLUMN_LIST}) ${unnestRows(rows)}
    on conflict (platform, sub_order_id) do nothing
    returning id, sub_order_id`.execute(db)
  return new Map(result.rows.map((r) => [r.sub_order_id, r.id]))
}

/**
 * Inserts or overwrites rows whose merged state the caller computed; returns
 * (sub_order_id → id). An existing row keeps its attribution (only new rows
 * are inserted with one) and the receipt/settlement times it already has.
 */
export async function upsertOrders(db: Kysely<Database>, rows: readonly NewOrderRow[]): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map()
  const result = await sql<{ id: string; sub_order_id: string }>`
    insert into orders (${COLUMN_LIST}) ${unnestRows(rows)}
    on conflict (platform, sub_order_id) do update set
      order_id = excluded.order_id, item_id = excluded.item_id, item_title = excluded.item_title,
      quantity = excluded.quantity, paid_fen = excluded.paid_fen, status = excluded.status,
      estimated_commission_fen = excluded.estimated_commission_fen, settled_commission_fen = excluded.settled_commission_fen,
      platform_attribution_id = excluded.platform_attribution_id, relation_id = excluded.relation_id,
      -- Some feeds report a time only at the status it belongs to (Taobao's receipt): keep what we have.
      received_at = coalesce(excluded.received_at, orders.received_at),
      settled_at = coalesce(excluded.settled_at, orders.settled_at),
      platform_updated_at = excluded.platform_updated_at, updated_at = now()
    returning id, sub_order_id`.execute(db)
  return new Map(result.rows.map((r) => [r.sub_order_id, r.id]))
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
export async function lockOrdersByNumber(trx: Transaction<Database>, orderId: string): Promise<OrderRow[]> {
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
