import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { findUserByContactId } from '../users/user.repository.js'
import type { AuditActor } from './audit.repository.js'

/** The audit actor for an operator known by chat contact id: their user when they have one (an operator need not). */
export async function auditActorFor(db: Kysely<Database>, contactId: string): Promise<AuditActor> {
  const user = await findUserByContactId(db, contactId)
  return { userId: user?.id ?? null, contactId }
}
