import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { findUserByContactId } from '../users/user.repository.js'
import { userBalances, type Balances } from './ledger.repository.js'

const EMPTY: Balances = { pendingFen: 0, availableFen: 0, heldFen: 0, withdrawnFen: 0 }

/** A chat contact's balances; a contact the bot has never recorded has none. */
export async function balancesFor(db: Kysely<Database>, contactId: string): Promise<Balances> {
  const user = await findUserByContactId(db, contactId)
  return user ? userBalances(db, user.id) : EMPTY
}
