import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import type { WithdrawalRow, WithdrawalStatus } from './withdrawal.table.js'

export async function insertWithdrawal(trx: Kysely<Database>, userId: string, amountFen: number): Promise<WithdrawalRow> {
  return trx.insertInto('withdrawals').values({ user_id: userId, amount_fen: amountFen, status: 'pending' }).returningAll().executeTakeFirstOrThrow()
}

export async function countWithdrawalsSince(trx: Kysely<Database>, userId: string, since: Date): Promise<number> {
  const row = await trx
    .selectFrom('withdrawals')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('requested_at', '>=', since)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function lockWithdrawal(trx: Transaction<Database>, id: string): Promise<WithdrawalRow | undefined> {
  return trx.selectFrom('withdrawals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function decideWithdrawalRow(
  trx: Kysely<Database>,
  id: string,
  decision: { status: Exclude<WithdrawalStatus, 'pending'>; decidedBy: string; reason: string | null; payoutReference: string | null },
): Promise<void> {
  await trx
    .updateTable('withdrawals')
    .set({ status: decision.status, decided_by: decision.decidedBy, reason: decision.reason, payout_reference: decision.payoutReference, decided_at: new Date() })
    .where('id', '=', id)
    .execute()
}

export async function listUserWithdrawals(db: Kysely<Database>, userId: string, limit: number): Promise<WithdrawalRow[]> {
  return db.selectFrom('withdrawals').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').limit(limit).execute()
}

export async function listPendingWithdrawals(db: Kysely<Database>, limit: number) {
  return db
    .selectFrom('withdrawals as w')
    .innerJoin('users as u', 'u.id', 'w.user_id')
    .select(['w.id', 'w.amount_fen', 'w.requested_at', 'u.display_name', 'u.contact_id'])
    .where('w.status', '=', 'pending')
    .orderBy('w.id')
    .limit(limit)
    .execute()
}
