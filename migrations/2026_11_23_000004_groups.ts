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
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('groups').execute()
}
