import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import type { Notice } from './notice.js'

/** Writes notices in the caller's transaction (one statement, whatever the count). */
export async function recordNotices(trx: Kysely<Database>, notices: readonly Notice[]): Promise<void> {
  if (notices.length === 0) return
  await sql`
    insert into notice_outbox (contact_id, text, dedupe_key)
    select * from unnest(${sql.val(notices.map((n) => n.contactId))}::text[], ${sql.val(notices.map((n) => n.text))}::text[],
      ${sql.val(notices.map((n) => n.dedupeKey))}::text[])`.execute(trx)
}

/**
 * The oldest notices, locked for the rest of the transaction; rows another
 * transaction holds are skipped, so relays in several processes share the work.
 */
export async function takeNotices(trx: Transaction<Database>, limit: number): Promise<(Notice & { id: string })[]> {
  const rows = await trx
    .selectFrom('notice_outbox')
    .select(['id', 'contact_id', 'text', 'dedupe_key'])
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute()
  return rows.map((row) => ({ id: row.id, contactId: row.contact_id, text: row.text, dedupeKey: row.dedupe_key }))
}

export async function forgetNotices(trx: Kysely<Database>, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return
  await trx.deleteFrom('notice_outbox').where(sql<boolean>`id = any(${sql.val([...ids])}::bigint[])`).execute()
}

export async function countNotices(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('notice_outbox').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}
