import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'

export interface LinkWindow {
  readonly platform: Platform
  readonly itemId: string
  readonly from: Date
  readonly to: Date
}

/**
 * For a claim: the claimant's latest link for the item in the window, and
 * the latest anyone else was given (two aggregates, whatever the number of
 * users given the item).
 */
export async function latestLinks(db: Kysely<Database>, userId: string, item: LinkWindow): Promise<{ mine: Date | undefined; rival: Date | undefined }> {
  const result = await sql<{ mine: Date | null; rival: Date | null }>`
    select max(created_at) filter (where user_id = ${userId}::bigint) as mine,
           max(created_at) filter (where user_id <> ${userId}::bigint) as rival
    from conversions
    where platform = ${item.platform} and item_id = ${item.itemId} and created_at between ${item.from} and ${item.to}`.execute(db)
  const row = result.rows[0]
  return { mine: row?.mine ? new Date(row.mine) : undefined, rival: row?.rival ? new Date(row.rival) : undefined }
}

/**
 * The users crediting asked to claim an ambiguous order (the first three,
 * by id as text, given the item in the attribution window, as it chose them), with
 * their chat contacts.
 */
export async function askedCandidates(db: Kysely<Database>, item: LinkWindow): Promise<{ userId: string; contactId: string }[]> {
  const result = await sql<{ user_id: string; contact_id: string }>`
    select u.id as user_id, u.contact_id
    from users u
    where u.id::text in (
      select distinct c.user_id::text from conversions c
      where c.platform = ${item.platform} and c.item_id = ${item.itemId} and c.created_at between ${item.from} and ${item.to}
      order by 1 limit 3)`.execute(db)
  return result.rows.map((row) => ({ userId: String(row.user_id), contactId: row.contact_id }))
}
