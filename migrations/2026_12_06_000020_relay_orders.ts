import type { Kysely } from 'kysely'

/**
 * 转发报表 credits an owner's order to the source that relayed its item last before the payment: a look-up by
 * owner and item, newest first, which the dedupe index (by group first) cannot serve.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('relay_log_owner_item').on('relay_log').columns(['owner_contact_id', 'platform', 'item_id', 'at']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('relay_log_owner_item').execute()
}
