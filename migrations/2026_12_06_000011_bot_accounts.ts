import { sql, type Kysely } from 'kysely'

/**
 * One row per WeChat account (a bot process per account writes its state
 * every few seconds; operators pause and resume it), and which account has
 * seen which contact or group, so a message for someone goes out through an
 * account that knows them.
 *
 * A group belongs to exactly one account: the first account to record it owns
 * it (a partial unique index on room rows), so two accounts never push into
 * the same group. A contact may be known to several accounts: one row each.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bot_accounts')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('state', 'text', (col) => col.notNull().defaultTo('logged-out').check(sql`state in ('logged-in', 'logged-out', 'limited')`))
    .addColumn('state_reason', 'text')
    .addColumn('paused', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('paused_reason', 'text')
    .addColumn('resumed_at', 'timestamptz')
    .addColumn('first_seen_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('sent_day', 'text')
    .addColumn('sent_today', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('backlog', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createTable('account_contacts')
    .addColumn('account', 'text', (col) => col.notNull())
    .addColumn('conversation_id', 'text', (col) => col.notNull())
    .addColumn('is_room', 'boolean', (col) => col.notNull())
    .addColumn('last_seen_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('account_contacts_pk', ['account', 'conversation_id'])
    .execute()
  await db.schema
    .createIndex('account_contacts_room_owner')
    .on('account_contacts')
    .column('conversation_id')
    .unique()
    .where(sql.ref('is_room'), '=', true)
    .execute()
  await db.schema.createIndex('account_contacts_by_conversation').on('account_contacts').columns(['conversation_id', 'last_seen_at']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('account_contacts').execute()
  await db.schema.dropTable('bot_accounts').execute()
}
