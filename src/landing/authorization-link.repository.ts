import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'

/** The code of a user's authorization page for a platform (kept across new URLs); `code` is used only when the row is new. */
export async function upsertAuthorizationLink(
  db: Kysely<Database>,
  link: { readonly code: string; readonly userId: string; readonly platform: Platform; readonly url: string },
): Promise<string> {
  const row = await db
    .insertInto('authorization_links')
    .values({ code: link.code, user_id: link.userId, platform: link.platform, url: link.url })
    .onConflict((oc) => oc.columns(['user_id', 'platform']).doUpdateSet({ url: sql<string>`excluded.url`, updated_at: sql<Date>`now()` }))
    .returning('code')
    .executeTakeFirstOrThrow()
  return row.code
}

export async function findAuthorizationLink(db: Kysely<Database>, code: string): Promise<{ platform: Platform; url: string } | undefined> {
  const row = await db.selectFrom('authorization_links').select(['platform', 'url']).where('code', '=', code).executeTakeFirst()
  return row ? { platform: row.platform as Platform, url: row.url } : undefined
}
