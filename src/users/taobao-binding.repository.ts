import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/database.js'

/** The user a Taobao relation_id is bound to, if any. */
export async function userIdByRelationId(db: Kysely<Database>, relationId: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('id').where('taobao_relation_id', '=', relationId).executeTakeFirst()
  return row?.id
}

/** Binds the relation_id to a user whose row the caller has locked (the column is unique: one user per relation). */
export async function setTaobaoRelationId(trx: Transaction<Database>, userId: string, relationId: string): Promise<void> {
  await trx.updateTable('users').set({ taobao_relation_id: relationId, updated_at: new Date() }).where('id', '=', userId).execute()
}
