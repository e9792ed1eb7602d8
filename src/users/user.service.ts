import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { newAttributionId } from './attribution-id.js'
import { findUserByContactId, upsertUser } from './user.repository.js'
import type { UserRow } from './user.table.js'

export interface ChatIdentity {
  readonly contactId: string
  readonly displayName: string
}

/** The user behind a chat contact, created on first need. */
export async function ensureUser(db: Kysely<Database>, who: ChatIdentity): Promise<UserRow> {
  // By code point: cutting UTF-16 units could split an emoji, store U+FFFD and never match the name again.
  const displayName = Array.from(who.displayName).slice(0, 64).join('')
  const existing = await findUserByContactId(db, who.contactId)
  if (existing && existing.display_name === displayName) return existing
  for (let attempt = 0; ; attempt++) {
    try {
      return await upsertUser(db, { contactId: who.contactId, displayName, attributionId: existing?.attribution_id ?? newAttributionId() })
    } catch (error) {
      // A clash of random attribution ids is rare; draw another.
      if (attempt < 3 && isUniqueViolation(error, 'attribution_id')) continue
      throw error
    }
  }
}

function isUniqueViolation(error: unknown, column: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown }
  return e.code === '23505' && (String(e.constraint ?? '').includes(column) || String(e.message ?? '').includes(column))
}
