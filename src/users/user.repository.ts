import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import type { UserRow } from './user.table.js'

export async function findUserByContactId(db: Kysely<Database>, contactId: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('contact_id', '=', contactId).executeTakeFirst()
}

/**
 * Inserts the user for a chat contact, or refreshes the display name of the
 * existing one; `attributionId` is only used for a new row. Throws a unique
 * violation (23505) on `users_attribution_id_key` if that id is taken.
 */
export async function upsertUser(
  db: Kysely<Database>,
  user: { contactId: string; displayName: string; attributionId: string },
): Promise<UserRow> {
  return db
    .insertInto('users')
    .values({ contact_id: user.contactId, display_name: user.displayName, attribution_id: user.attributionId })
    .onConflict((oc) =>
      oc.column('contact_id').doUpdateSet((eb) => ({ display_name: eb.ref('excluded.display_name'), updated_at: new Date() })),
    )
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Contact ids of these users: user id → contact id (unknown ids are absent). */
export async function contactIdsOf(db: Kysely<Database>, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map()
  const rows = await db.selectFrom('users').select(['id', 'contact_id']).where('id', 'in', [...userIds]).execute()
  return new Map(rows.map((row) => [row.id, row.contact_id]))
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The user of a contact, created without a display name if new (the name is learned when they speak). */
export async function ensureUserQuietly(db: Kysely<Database>, contactId: string, attributionId: string): Promise<UserRow> {
  await db
    .insertInto('users')
    .values({ contact_id: contactId, display_name: '', attribution_id: attributionId })
    .onConflict((oc) => oc.column('contact_id').doNothing())
    .execute()
  return db.selectFrom('users').selectAll().where('contact_id', '=', contactId).executeTakeFirstOrThrow()
}

/** Locks a user's row for the rest of the transaction (binds and withdrawals of one user queue on it). */
export async function lockUser(trx: Transaction<Database>, id: string): Promise<UserRow | undefined> {
  return trx.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}
