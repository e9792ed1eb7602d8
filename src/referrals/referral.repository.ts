import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import type { UserRow } from '../users/user.table.js'

export async function findUserByInviteCode(db: Kysely<Database>, code: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('invite_code', '=', code).executeTakeFirst()
}

/** Sets the invite code if the user has none; false when the code is taken by someone else. */
export async function setInviteCode(db: Kysely<Database>, userId: string, code: string): Promise<boolean> {
  try {
    const updated = await db.updateTable('users').set({ invite_code: code }).where('id', '=', userId).where('invite_code', 'is', null).executeTakeFirst()
    return updated.numUpdatedRows > 0n
  } catch (error) {
    if ((error as { code?: unknown }).code === '23505') return false
    throw error
  }
}

const BIND_LOCK_KEY = 727_002

/**
 * Serialises invite binds for the rest of the transaction: two users binding
 * to each other at once would each see an empty upline and close a cycle.
 */
export async function lockInviteBinds(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${BIND_LOCK_KEY})`.execute(trx)
}

export async function setInviter(trx: Kysely<Database>, userId: string, inviterId: string): Promise<void> {
  await trx.updateTable('users').set({ inviter_id: inviterId, invited_at: new Date() }).where('id', '=', userId).where('inviter_id', 'is', null).execute()
}

/** A user's upline, nearest first (bounded: the rules keep it acyclic, the bound keeps a bad row harmless). */
export async function uplineOf(db: Kysely<Database>, userId: string, depth = 64): Promise<string[]> {
  const result = await sql<{ id: string }>`
    with recursive up(id, inviter_id, depth) as (
      select id, inviter_id, 0 from users where id = ${userId}::bigint
      union all
      select u.id, u.inviter_id, up.depth + 1 from users u join up on u.id = up.inviter_id where up.depth < ${depth}
    )
    select id from up where depth > 0 order by depth`.execute(db)
  return result.rows.map((r) => String(r.id))
}

export async function hasOrders(db: Kysely<Database>, userId: string): Promise<boolean> {
  return (await db.selectFrom('orders').select('id').where('user_id', '=', userId).limit(1).executeTakeFirst()) !== undefined
}

export interface InviteStats {
  readonly level1: number
  readonly level2: number
  readonly level1EarnedFen: number
  readonly level2EarnedFen: number
}

export async function inviteStats(db: Kysely<Database>, userId: string): Promise<InviteStats> {
  const counts = await sql<{ level1: string; level2: string }>`
    select (select count(*) from users where inviter_id = ${userId}::bigint) as level1,
           (select count(*) from users u join users i on i.id = u.inviter_id where i.inviter_id = ${userId}::bigint) as level2`.execute(db)
  const earned = await sql<{ role: string; total: string }>`
    select split_part(t.kind, ':', 1) as role, sum(p.amount_fen) as total
    from ledger_transactions t join ledger_postings p on p.transaction_id = t.id
    where t.user_id = ${userId}::bigint and p.user_id = ${userId}::bigint and (t.kind like 'l1:%' or t.kind like 'l2:%')
    group by 1`.execute(db)
  const total = (role: string): number => Number(earned.rows.find((r) => r.role === role)?.total ?? 0)
  return {
    level1: Number(counts.rows[0]?.level1 ?? 0),
    level2: Number(counts.rows[0]?.level2 ?? 0),
    level1EarnedFen: total('l1'),
    level2EarnedFen: total('l2'),
  }
}
