import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Balances } from '../ledger/ledger.repository.js'
import type { WithdrawalRow } from '../withdrawals/withdrawal.table.js'

/** A request waiting for the operator (pending) or for its payment to be confirmed (paying), with its user. */
export interface QueuedWithdrawal {
  readonly id: string
  readonly userId: string
  readonly amountFen: number
  readonly status: 'pending' | 'paying'
  readonly requestedAt: Date
  readonly displayName: string
  readonly contactId: string
}

/** The queue, oldest first, and how many there are in all (the page shows the first `limit`). */
export async function listWithdrawalQueue(db: Kysely<Database>, limit: number): Promise<{ rows: QueuedWithdrawal[]; total: number }> {
  const rows = await db
    .selectFrom('withdrawals as w')
    .innerJoin('users as u', 'u.id', 'w.user_id')
    .select(['w.id', 'w.user_id', 'w.amount_fen', 'w.status', 'w.requested_at', 'u.display_name', 'u.contact_id'])
    .where('w.status', 'in', ['pending', 'paying'])
    .orderBy('w.id')
    .limit(limit)
    .execute()
  const counted = await db
    .selectFrom('withdrawals')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', 'in', ['pending', 'paying'])
    .executeTakeFirstOrThrow()
  return {
    rows: rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      amountFen: Number(r.amount_fen),
      status: r.status === 'paying' ? 'paying' : 'pending',
      requestedAt: r.requested_at,
      displayName: r.display_name,
      contactId: r.contact_id,
    })),
    total: Number(counted.n),
  }
}

/** Each user's latest `perUser` withdrawals, newest first (one statement for all users). */
export async function recentWithdrawalsOf(db: Kysely<Database>, userIds: readonly string[], perUser: number): Promise<Map<string, WithdrawalRow[]>> {
  const byUser = new Map<string, WithdrawalRow[]>()
  if (userIds.length === 0) return byUser
  const result = await sql<WithdrawalRow>`
    select w.* from (
      select *, row_number() over (partition by user_id order by id desc) as n
      from withdrawals where user_id = any(${sql.val([...new Set(userIds)])}::bigint[])
    ) w
    where w.n <= ${perUser}
    order by w.user_id, w.id desc`.execute(db)
  for (const row of result.rows) {
    const userId = String(row.user_id)
    byUser.set(userId, [...(byUser.get(userId) ?? []), { ...row, id: String(row.id), user_id: userId, amount_fen: String(row.amount_fen) }])
  }
  return byUser
}

/** Several users' balances in one statement (the same sums as `userBalances`, per user). */
export async function balancesOf(db: Kysely<Database>, userIds: readonly string[]): Promise<Map<string, Balances>> {
  const byUser = new Map<string, Balances>()
  if (userIds.length === 0) return byUser
  const result = await sql<{ user_id: string; pending: string; available: string; held: string; withdrawn: string }>`
    select user_id,
      coalesce(sum(amount_fen) filter (where account like '%:pending'), 0) as pending,
      coalesce(sum(amount_fen) filter (where account like '%:available'), 0) as available,
      coalesce(sum(amount_fen) filter (where account like '%:held'), 0) as held,
      coalesce(sum(amount_fen) filter (where account like '%:withdrawn'), 0) as withdrawn
    from ledger_postings
    where user_id = any(${sql.val([...new Set(userIds)])}::bigint[])
    group by user_id`.execute(db)
  for (const row of result.rows) {
    byUser.set(String(row.user_id), {
      pendingFen: Number(row.pending),
      availableFen: Number(row.available),
      heldFen: Number(row.held),
      withdrawnFen: Number(row.withdrawn),
    })
  }
  return byUser
}
