import { sql, type Kysely } from 'kysely'

// Migrations are frozen in time: they use Kysely<any> and nothing from src/.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('contact_id', 'text', (col) => col.notNull().unique())
    .addColumn('display_name', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('attribution_id', 'text', (col) => col.notNull().unique())
    .addColumn('taobao_relation_id', 'text', (col) => col.unique())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('conversions')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('user_id', 'bigint', (col) => col.notNull().references('users.id'))
    .addColumn('room_id', 'text')
    .addColumn('platform', 'text', (col) => col.notNull().check(sql`platform in ('taobao', 'jd', 'pdd')`))
    .addColumn('item_id', 'text', (col) => col.notNull())
    .addColumn('material', 'text', (col) => col.notNull())
    .addColumn('attribution_id', 'text', (col) => col.notNull())
    .addColumn('promo_url', 'text', (col) => col.notNull())
    .addColumn('tpwd', 'text')
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('price_fen', 'bigint', (col) => col.notNull().check(sql`price_fen >= 0`))
    .addColumn('coupon_fen', 'bigint', (col) => col.notNull().defaultTo(0).check(sql`coupon_fen >= 0`))
    .addColumn('price_after_coupon_fen', 'bigint', (col) => col.notNull().check(sql`price_after_coupon_fen >= 0`))
    .addColumn('commission_rate_bp', 'integer', (col) => col.notNull().check(sql`commission_rate_bp between 0 and 10000`))
    .addColumn('commission_fen', 'bigint', (col) => col.notNull().check(sql`commission_fen >= 0`))
    .addColumn('rebate_fen', 'bigint', (col) => col.notNull().check(sql`rebate_fen >= 0`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()

  // The attribution ladder asks "who was promoted this item recently?".
  await db.schema.createIndex('conversions_item_recent').on('conversions').columns(['platform', 'item_id', 'created_at']).execute()
  await db.schema.createIndex('conversions_user_recent').on('conversions').columns(['user_id', 'created_at']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('conversions').execute()
  await db.schema.dropTable('users').execute()
}
