import { sql, type Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('invite_code', 'text', (col) => col.unique())
    .addColumn('inviter_id', 'bigint', (col) => col.references('users.id'))
    .addColumn('invited_at', 'timestamptz')
    .execute()
  await db.schema.alterTable('users').addCheckConstraint('users_no_self_invite', sql`inviter_id <> id`).execute()
  await db.schema.createIndex('users_inviter').on('users').column('inviter_id').execute()

  await db.schema
    .createTable('withdrawals')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('user_id', 'bigint', (col) => col.notNull().references('users.id'))
    .addColumn('amount_fen', 'bigint', (col) => col.notNull().check(sql`amount_fen > 0`))
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('pending', 'paid', 'rejected')`))
    .addColumn('reason', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('payout_reference', 'text')
    .addColumn('requested_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('decided_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('withdrawals_user_recent').on('withdrawals').columns(['user_id', 'requested_at']).execute()
  await db.schema.createIndex('withdrawals_pending').on('withdrawals').column('status').where('status', '=', 'pending').execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('withdrawals').execute()
  await db.schema.alterTable('users').dropConstraint('users_no_self_invite').execute()
  await db.schema.alterTable('users').dropColumn('invited_at').dropColumn('inviter_id').dropColumn('invite_code').execute()
}
