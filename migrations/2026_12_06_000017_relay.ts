import { sql, type Kysely } from 'kysely'

/**
 * 线报转发: an owner names source conversations (groups or contacts) whose deal
 * copies are rewritten with the owner's attribution and queued to the owner's
 * groups that switched relaying on. Filters are one row per owner; the log
 * holds one row per item and target group (dedupe window and 转发报表).
 * `rebate_set_by_owner` tells a group whose owner chose link answers (开启返利)
 * from the default: a source group answers links only when its owner chose so.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('groups')
    .addColumn('relay_enabled', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('rebate_set_by_owner', 'boolean', (col) => col.notNull().defaultTo(false))
    .execute()
  await db.schema
    .createTable('relay_sources')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('owner_contact_id', 'text', (col) => col.notNull())
    .addColumn('source_id', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('group', 'contact')`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('relay_sources_owner_source', ['owner_contact_id', 'source_id'])
    .execute()
  await db.schema.createIndex('relay_sources_source').on('relay_sources').column('source_id').execute()
  await db.schema
    .createTable('relay_filters')
    .addColumn('owner_contact_id', 'text', (col) => col.primaryKey())
    .addColumn('min_coupon_fen', 'integer', (col) => col.notNull().defaultTo(0).check(sql`min_coupon_fen >= 0`))
    .addColumn('min_commission_fen', 'integer', (col) => col.notNull().defaultTo(0).check(sql`min_commission_fen >= 0`))
    .addColumn('platforms', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('blocked_keywords', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createTable('relay_log')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('owner_contact_id', 'text', (col) => col.notNull())
    .addColumn('source_id', 'text', (col) => col.notNull())
    .addColumn('platform', 'text')
    .addColumn('item_id', 'text')
    .addColumn('room_id', 'text')
    .addColumn('outcome', 'text', (col) => col.notNull().check(sql`outcome in ('relayed', 'filtered', 'duplicate')`))
    .addColumn('reason', 'text')
    .addColumn('at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('relay_log_dedupe').on('relay_log').columns(['room_id', 'platform', 'item_id', 'at']).execute()
  await db.schema.createIndex('relay_log_owner').on('relay_log').columns(['owner_contact_id', 'source_id']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('relay_log').execute()
  await db.schema.dropTable('relay_filters').execute()
  await db.schema.dropTable('relay_sources').execute()
  await db.schema.alterTable('groups').dropColumn('rebate_set_by_owner').dropColumn('relay_enabled').execute()
}
