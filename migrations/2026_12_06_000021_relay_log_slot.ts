import type { Kysely } from 'kysely'

/**
 * A relayed item's push_history slot, so 转发报表 and its orders leave out a relay the outbox dropped (quiet hours
 * in drop mode, the daily cap): it never reached the group. Rows written before have none and count as sent.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('relay_log').addColumn('slot', 'text').execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('relay_log').dropColumn('slot').execute()
}
