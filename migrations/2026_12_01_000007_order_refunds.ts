import { sql, type Kysely } from 'kysely'

/**
 * Refunds reported apart from their order line (Taobao's order.refund.get
 * rows carry no item fields): one row per refund of a sub-order, so a
 * replayed refund is recognised and never taken back twice. A refund whose
 * order is not stored yet waits here (order_row_id null) for it. The sync
 * cursor counts the rows it had to reject, so an operator sees them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('order_refunds')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('platform', 'text', (col) => col.notNull())
    .addColumn('sub_order_id', 'text', (col) => col.notNull())
    .addColumn('order_id', 'text', (col) => col.notNull())
    .addColumn('refund_id', 'text', (col) => col.notNull())
    .addColumn('commission_refund_fen', 'bigint')
    .addColumn('refunded_at', 'timestamptz')
    .addColumn('platform_updated_at', 'timestamptz', (col) => col.notNull())
    .addColumn('order_row_id', 'bigint', (col) => col.references('orders.id'))
    .addColumn('applied_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('order_refunds_refund_key', ['platform', 'sub_order_id', 'refund_id'])
    .execute()
  await db.schema
    .alterTable('order_sync_cursors')
    .addColumn('rejected_rows', 'bigint', (col) => col.notNull().defaultTo(0))
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('order_sync_cursors').dropColumn('rejected_rows').execute()
  await db.schema.dropTable('order_refunds').execute()
}
