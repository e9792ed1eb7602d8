import { type Kysely } from 'kysely'

/**
 * A notice handed to the chat outbox stays in the table, marked with when it
 * was handed, until the bot confirms it was sent: Redis may lose what it was
 * given (restarted empty, a failover), and a notice deleted on handover was
 * then lost although its ledger movement committed. Rows handed long ago
 * are handed again; the outbox's job id makes that a no-op while the job
 * still exists. Rolling back drops the mark: the previous relay hands every
 * remaining row over once more and deletes it, which the job ids dedupe.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notice_outbox').addColumn('handed_at', 'timestamptz').execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notice_outbox').dropColumn('handed_at').execute()
}
