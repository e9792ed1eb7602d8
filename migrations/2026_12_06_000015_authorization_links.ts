import { sql, type Kysely } from 'kysely'

/**
 * Landing pages for a platform's one-time authorization (PDD 授权备案): the
 * chat carries our short link, the page explains and sends the shopper on
 * to the platform's authorization URL stored here — the only place it ever
 * sends them. One code per user × platform; a new URL for the same user
 * replaces the old one behind the same code.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('authorization_links')
    .addColumn('code', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'bigint', (col) => col.notNull().references('users.id'))
    .addColumn('platform', 'text', (col) => col.notNull())
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('authorization_links_user_platform_key', ['user_id', 'platform'])
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('authorization_links').execute()
}
