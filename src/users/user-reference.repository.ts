import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { UserRow } from './user.table.js'

/** How an operator may name a user: the user id, the chat contact id, or the invite code (each only when well-formed). */
export interface UserReference {
  readonly id?: string
  readonly contactId: string
  readonly inviteCode?: string
}

/** The distinct users a reference could mean (at most 3, by id): usually one, none when unknown, several when it is ambiguous. */
export async function findUsersByReference(db: Kysely<Database>, ref: UserReference): Promise<UserRow[]> {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('contact_id', '=', ref.contactId),
        ...(ref.id === undefined ? [] : [eb('id', '=', ref.id)]),
        ...(ref.inviteCode === undefined ? [] : [eb('invite_code', '=', ref.inviteCode)]),
      ]),
    )
    .orderBy('id')
    .limit(3)
    .execute()
}
