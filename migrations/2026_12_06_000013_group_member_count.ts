import { sql, type Kysely } from 'kysely'

/**
 * The funnel's CTR divides a group's unique visitors by the people a push
 * reached: the group's member count, recorded when the bot learns it
 * (null until then, and CTR is shown as "—"). An order is matched to the
 * latest push of its item to a group of its user: push_history gets an
 * index by group and item.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('groups')
    .addColumn('member_count', 'integer', (col) => col.check(sql`member_count >= 0`))
    .addColumn('member_count_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('push_history_room_item').on('push_history').columns(['room_id', 'platform', 'item_id', 'pushed_at']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('push_history_room_item').execute()
  await db.schema.alterTable('groups').dropColumn('member_count_at').dropColumn('member_count').execute()
}
