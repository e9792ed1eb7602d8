import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import type { Notice } from './notice.js'

/** A notice as stored: its row id (the bot confirms a send by it) and whether it was handed to the outbox before. */
export interface StoredNotice extends Notice {
  readonly id: string
  /** Handed over before and not confirmed sent since: the outbox may still hold it, may have sent it, or may have lost it. */
  readonly handedBefore: boolean
}

/** Writes notices in the caller's transaction (one statement, whatever the count). */
export async function recordNotices(trx: Kysely<Database>, notices: readonly Notice[]): Promise<void> {
  if (notices.length === 0) return
  await sql`
    insert into notice_outbox (contact_id, text, dedupe_key)
    select * from unnest(${sql.val(notices.map((n) => n.contactId))}::text[], ${sql.val(notices.map((n) => n.text))}::text[],
      ${sql.val(notices.map((n) => n.dedupeKey))}::text[])`.execute(trx)
}

/**
 * The oldest notices due for handing over — never handed, or handed more than
 * `rehandAfterMs` ago (by the database's clock) and not confirmed sent —
 * locked for the rest of the transaction; rows another transaction holds are
 * skipped, so relays in several processes share the work.
 */
export async function takeNotices(trx: Transaction<Database>, limit: number, rehandAfterMs: number): Promise<StoredNotice[]> {
  const rows = await trx
    .selectFrom('notice_outbox')
    .select(['id', 'contact_id', 'text', 'dedupe_key', 'handed_at'])
    .where((eb) => eb.or([eb('handed_at', 'is', null), eb('handed_at', '<', sql<Date>`now() - ${rehandAfterMs}::float8 * interval '1 millisecond'`)]))
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute()
  return rows.map((row) => ({ id: row.id, contactId: row.contact_id, text: row.text, dedupeKey: row.dedupe_key, handedBefore: row.handed_at !== null }))
}

/** Marks notices handed to the outbox now; they stay until a send is confirmed. */
export async function markHanded(trx: Kysely<Database>, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return
  await trx.updateTable('notice_outbox').set({ handed_at: sql<Date>`now()` }).where(sql<boolean>`id = any(${sql.val([...ids])}::bigint[])`).execute()
}

export async function forgetNotices(db: Kysely<Database>, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return
  await db.deleteFrom('notice_outbox').where(sql<boolean>`id = any(${sql.val([...ids])}::bigint[])`).execute()
}

/** Every notice not yet sent, handed over or not. */
export async function countNotices(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('notice_outbox').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Notices waiting for room in the outbox (never handed over). */
export async function countWaitingNotices(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('notice_outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('handed_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
