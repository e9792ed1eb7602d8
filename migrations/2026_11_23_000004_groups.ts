import { sql, type Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('groups')
    .addColumn('room_id', 'text', (col) => col.primaryKey())
    .addColumn('topic', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('owner_contact_id', 'text')
    .addColumn('rebate_enabled', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('push_schedules', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('push_categories', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('push_paused', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('groups_owner').on('groups').column('owner_contact_id').execute()

  // One row per (group, schedule slot): the unique key is what makes a slot push at most once,
  // whichever scheduler or worker gets there first.
  await db.schema
    .createTable('push_history')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('room_id', 'text', (col) => col.notNull().references('groups.room_id'))
    .addColumn('slot', 'text', (col) => col.notNull())
    .addColumn('platform', 'text', (col) => col.notNull())
    .addColumn('item_id', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('pushed_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('push_history_room_slot_key', ['room_id', 'slot'])
    .execute()
  // A promo link given for a group push (the owner earns the group-owner share on its orders).
  await db.schema
    .alterTable('conversions')
    .addColumn('purpose', 'text', (col) => col.notNull().defaultTo('reply').check(sql`purpose in ('reply', 'push')`))
    .execute()
  await db.schema.createIndex('conversions_user_item').on('conversions').columns(['user_id', 'platform', 'item_id']).execute()

  await db.schema.createIndex('push_history_room_recent').on('push_history').columns(['room_id', 'pushed_at']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('push_history').execute()
  await db.schema.dropIndex('conversions_user_item').execute()
  await db.schema.alterTable('conversions').dropColumn('purpose').execute()
  await db.schema.dropTable('groups').execute()
}
