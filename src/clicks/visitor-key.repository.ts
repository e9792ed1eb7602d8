import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'

/**
 * The day's key, the same for every process: the first to ask stores its
 * candidate, everyone (that one included) gets back what is stored — in one
 * statement, so a concurrent clean-up of old days can never leave a reader
 * with nothing (the no-op update makes the existing row come back).
 */
export async function ensureVisitorKey(db: Kysely<Database>, day: string, candidate: string): Promise<string> {
  const row = await db
    .insertInto('visitor_keys')
    .values({ day, key: candidate })
    .onConflict((oc) => oc.column('day').doUpdateSet({ key: sql<string>`visitor_keys.key` }))
    .returning('key')
    .executeTakeFirstOrThrow()
  return row.key
}

/** Deletes the keys of days before `day` (YYYY-MM-DD compares as text); returns how many went. */
export async function deleteVisitorKeysBefore(db: Kysely<Database>, day: string): Promise<number> {
  const result = await db.deleteFrom('visitor_keys').where('day', '<', day).executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function visitorKeyDays(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('visitor_keys').select('day').orderBy('day').execute()
  return rows.map((row) => row.day)
}

