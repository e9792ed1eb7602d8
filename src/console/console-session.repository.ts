import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/database.js'

/** A session as the guard needs it, with its age judged by the database's clock (the one every process shares). */
export interface StoredConsoleSession {
  readonly userId: string
  readonly contactId: string
  readonly displayName: string
  readonly csrfToken: string
  readonly ended: boolean
  /** No request for longer than the idle limit. */
  readonly idleExpired: boolean
  /** last_seen_at is more than a minute old: time to write it again. */
  readonly stale: boolean
}

export async function insertConsoleSession(
  trx: Transaction<Database>,
  session: { readonly tokenHash: string; readonly userId: string; readonly contactId: string; readonly csrfToken: string; readonly userAgent: string | null },
): Promise<void> {
  await trx
    .insertInto('console_sessions')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      contact_id: session.contactId,
      csrf_token: session.csrfToken,
      user_agent: session.userAgent,
    })
    .execute()
}

/** The session behind a token hash, or undefined when there is none. */
export async function findConsoleSession(db: Kysely<Database>, tokenHash: string, idleMs: number): Promise<StoredConsoleSession | undefined> {
  const row = await db
    .selectFrom('console_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.user_id',
      's.contact_id',
      's.csrf_token',
      'u.display_name',
      sql<boolean>`s.ended_at is not null`.as('ended'),
      sql<boolean>`s.last_seen_at <= now() - ${idleMs}::float8 * interval '1 millisecond'`.as('idle_expired'),
      sql<boolean>`s.last_seen_at < now() - interval '1 minute'`.as('stale'),
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst()
  return (
    row && {
      userId: row.user_id,
      contactId: row.contact_id,
      displayName: row.display_name,
      csrfToken: row.csrf_token,
      ended: row.ended,
      idleExpired: row.idle_expired,
      stale: row.stale,
    }
  )
}

/** Marks the session used now, unless it has ended meanwhile. */
export async function touchConsoleSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.updateTable('console_sessions').set({ last_seen_at: sql<Date>`now()` }).where('token_hash', '=', tokenHash).where('ended_at', 'is', null).execute()
}

/** Ends a session that has not ended yet; true when this call ended it (a second logout changes nothing). */
export async function endConsoleSession(db: Kysely<Database>, tokenHash: string): Promise<boolean> {
  const result = await db
    .updateTable('console_sessions')
    .set({ ended_at: sql<Date>`now()` })
    .where('token_hash', '=', tokenHash)
    .where('ended_at', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
