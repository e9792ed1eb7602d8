import { sql, type Kysely } from 'kysely'

/**
 * Notices are written in the transaction that posts the ledger movement they
 * announce, and handed to the chat outbox (Redis) later, a few at a time: a
 * notice exists exactly when its movement committed, and a burst of orders
 * waits here, durably, rather than as thousands of queued jobs.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notice_outbox')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('contact_id', 'text', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('dedupe_key', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notice_outbox').execute()
}
