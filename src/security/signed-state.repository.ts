import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'

/**
 * A secret every process shares: the first caller's value wins (insert on
 * conflict do nothing, then read), so processes started together agree.
 */
export async function sharedSecret(db: Kysely<Database>, name: string, candidate: string): Promise<string> {
  await db.insertInto('app_secrets').values({ name, value: candidate }).onConflict((oc) => oc.column('name').doNothing()).execute()
  const row = await db.selectFrom('app_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow()
  return row.value
}

/** Stores a new state; it expires `ttlMs` after now by the database's clock (the one every process shares). */
export async function insertSignedState(
  db: Kysely<Database>,
  state: { readonly nonce: string; readonly purpose: string; readonly userId: string; readonly ttlMs: number },
): Promise<void> {
  await db
    .insertInto('signed_states')
    .values({
      nonce: state.nonce,
      purpose: state.purpose,
      user_id: state.userId,
      expires_at: sql<Date>`now() + ${state.ttlMs}::float8 * interval '1 millisecond'`,
    })
    .execute()
}

/**
 * Marks a state used if it is unused, unexpired and of this purpose, in one
 * statement (two callbacks racing with the same state: one wins). Returns its
 * user, or undefined when nothing was consumed.
 */
export async function consumeSignedState(db: Kysely<Database>, nonce: string, purpose: string): Promise<string | undefined> {
  const row = await db
    .updateTable('signed_states')
    .set({ used_at: sql<Date>`now()` })
    .where('nonce', '=', nonce)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('user_id')
    .executeTakeFirst()
  return row?.user_id
}

export interface StoredStateStatus {
  readonly purpose: string
  readonly userId: string
  readonly used: boolean
  readonly expired: boolean
}

/** What a state is now, by the database's clock, without changing it. */
export async function findSignedState(db: Kysely<Database>, nonce: string): Promise<StoredStateStatus | undefined> {
  const row = await db
    .selectFrom('signed_states')
    .select(['purpose', 'user_id', sql<boolean>`used_at is not null`.as('used'), sql<boolean>`expires_at <= now()`.as('expired')])
    .where('nonce', '=', nonce)
    .executeTakeFirst()
  return row && { purpose: row.purpose, userId: row.user_id, used: row.used, expired: row.expired }
}
