import { sql, type Kysely } from 'kysely'

/**
 * The web edge: short links to landing pages, the clicks on them, the
 * day's key for visitor hashes, signed one-time states (Taobao OAuth) and
 * secrets the processes share.
 *
 * A short link points at the conversion it shows (the latest one for the
 * same user and item, or the push's own conversion): one code per user ×
 * item for replies (partial unique index), one per group × slot × item for
 * pushes. Clicks are append-only; a visitor is an HMAC of IP and user agent
 * under the day's key (no raw IP is stored), and a link-preview fetch is
 * kept but marked, so it never counts as a click.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('short_links')
    .addColumn('code', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('reply', 'push')`))
    .addColumn('user_id', 'bigint', (col) => col.references('users.id'))
    .addColumn('room_id', 'text')
    .addColumn('slot', 'text')
    .addColumn('platform', 'text', (col) => col.notNull())
    .addColumn('item_id', 'text', (col) => col.notNull())
    .addColumn('conversion_id', 'bigint', (col) => col.notNull().references('conversions.id'))
    .addColumn('image_url', 'text')
    .addColumn('coupon_end_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create unique index short_links_reply_key on short_links (user_id, platform, item_id) where kind = 'reply'`.execute(db)
  await sql`create unique index short_links_push_key on short_links (room_id, slot, platform, item_id) where kind = 'push'`.execute(db)

  await db.schema
    .createTable('clicks')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('code', 'text', (col) => col.notNull())
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull().check(sql`action in ('view', 'copy', 'open')`))
    .addColumn('in_wechat', 'boolean', (col) => col.notNull())
    .addColumn('browser', 'text', (col) => col.notNull())
    .addColumn('visitor', 'text', (col) => col.notNull())
    .addColumn('is_bot', 'boolean', (col) => col.notNull().defaultTo(false))
    .execute()
  await db.schema.createIndex('clicks_code_at').on('clicks').columns(['code', 'at']).execute()
  await db.schema.createIndex('clicks_at').on('clicks').column('at').execute()

  await db.schema
    .createTable('visitor_keys')
    .addColumn('day', 'text', (col) => col.primaryKey())
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('signed_states')
    .addColumn('nonce', 'text', (col) => col.primaryKey())
    .addColumn('purpose', 'text', (col) => col.notNull())
    .addColumn('user_id', 'bigint', (col) => col.notNull().references('users.id'))
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('app_secrets')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['app_secrets', 'signed_states', 'visitor_keys', 'clicks', 'short_links']) await db.schema.dropTable(table).execute()
}
