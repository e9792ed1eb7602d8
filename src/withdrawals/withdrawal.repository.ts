import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import type { WithdrawalRow } from './withdrawal.table.js'

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

/** Phase one of an approval: the row becomes `paying` under its payment key, recording who approved and where it goes. */
export async function startPayoutRow(trx: Kysely<Database>, id: string, payout: { key: string; adapter: string; approvedBy: string }): Promise<WithdrawalRow> {
  return trx
    .updateTable('withdrawals')
    .set({ status: 'paying', payout_key: payout.key, payout_adapter: payout.adapter, decided_by: payout.approvedBy, payout_started_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** The outcome of a request: paid (with the provider's reference), rejected or failed (with the reason). */
export async function settleWithdrawalRow(
  trx: Kysely<Database>,
  id: string,
  outcome:
    | { status: 'paid'; payoutReference: string }
    | { status: 'failed'; reason: string }
    | { status: 'rejected'; reason: string; decidedBy: string },
): Promise<void> {
  await trx
    .updateTable('withdrawals')
    .set({
      status: outcome.status,
      decided_at: new Date(),
      ...(outcome.status === 'paid' ? { payout_reference: outcome.payoutReference } : { reason: outcome.reason }),
      ...(outcome.status === 'rejected' ? { decided_by: outcome.decidedBy } : {}),
    })
    .where('id', '=', id)
    .execute()
}

/** Payments started through `adapter` at or before `startedBy` whose result is not recorded, oldest first. */
export async function listPayingWithdrawals(db: Kysely<Database>, adapter: string, startedBy: Date, limit: number): Promise<WithdrawalRow[]> {
  return db
    .selectFrom('withdrawals')
    .selectAll()
    .where('status', '=', 'paying')
    .where('payout_adapter', '=', adapter)
    .where('payout_started_at', '<=', startedBy)
    .orderBy('payout_started_at')
    .limit(limit)
    .execute()
}

export async function listUserWithdrawals(db: Kysely<Database>, userId: string, limit: number): Promise<WithdrawalRow[]> {
  return db.selectFrom('withdrawals').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').limit(limit).execute()
}

/** The operator's queue: requests waiting for a decision, and approvals whose payment is not confirmed yet. */
export async function listPendingWithdrawals(db: Kysely<Database>, limit: number) {
  return db
    .selectFrom('withdrawals as w')
    .innerJoin('users as u', 'u.id', 'w.user_id')
    .select(['w.id', 'w.amount_fen', 'w.requested_at', 'w.status', 'u.display_name', 'u.contact_id'])
    .where('w.status', 'in', ['pending', 'paying'])
    .orderBy('w.id')
    .limit(limit)
    .execute()
}
