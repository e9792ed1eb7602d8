import { type Kysely } from 'kysely'

/**
 * A push the outbox dropped (quiet hours in drop mode, the daily push cap)
 * never reached the group: it is marked so that reports do not count it and
 * the item may be pushed there again.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('push_history')
    .addColumn('dropped_at', 'timestamptz')
    .addColumn('drop_reason', 'text')
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('push_history').dropColumn('drop_reason').dropColumn('dropped_at').execute()
}
