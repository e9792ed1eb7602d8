import { sql, type Kysely } from 'kysely'

/**
 * Approval pays in two steps around the provider call, never inside a
 * transaction: `paying` (the request number the provider receives is
 * `payout_key`) until the result is recorded as `paid`, or `failed` when the
 * provider refused (the hold is released). The manual adapter keeps its own
 * record of what the operator paid, so a crash between the steps is settled
 * by asking it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('withdrawals').dropConstraint('withdrawals_status_check').execute()
  await db.schema
    .alterTable('withdrawals')
    .addCheckConstraint('withdrawals_status_check', sql`status in ('pending', 'paying', 'paid', 'rejected', 'failed')`)
    .execute()
  await db.schema
    .alterTable('withdrawals')
    .addColumn('payout_key', 'text', (col) => col.unique())
    .addColumn('payout_adapter', 'text')
    .addColumn('payout_started_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('withdrawals_paying').on('withdrawals').column('payout_started_at').where(sql.ref('status'), '=', 'paying').execute()
  await db.schema
    .createTable('manual_payouts')
    .addColumn('payout_key', 'text', (col) => col.primaryKey())
    .addColumn('withdrawal_id', 'bigint', (col) => col.notNull())
    .addColumn('amount_fen', 'bigint', (col) => col.notNull().check(sql`amount_fen > 0`))
    .addColumn('payee_contact_id', 'text', (col) => col.notNull())
    .addColumn('approved_by', 'text', (col) => col.notNull())
    .addColumn('reference', 'text', (col) => col.notNull())
    .addColumn('paid_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('manual_payouts').execute()
  await db.schema.dropIndex('withdrawals_paying').execute()
  await db.schema.alterTable('withdrawals').dropColumn('payout_started_at').dropColumn('payout_adapter').dropColumn('payout_key').execute()
  await db.schema.alterTable('withdrawals').dropConstraint('withdrawals_status_check').execute()
  // The old states cannot say "paying" or "failed": an unfinished payment waits for approval again, a refused one reads as rejected.
  await sql`update withdrawals set status = 'pending' where status = 'paying'`.execute(db)
  await sql`update withdrawals set status = 'rejected', reason = coalesce(reason, '打款失败') where status = 'failed'`.execute(db)
  await db.schema
    .alterTable('withdrawals')
    .addCheckConstraint('withdrawals_status_check', sql`status in ('pending', 'paid', 'rejected')`)
    .execute()
}
