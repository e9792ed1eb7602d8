import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { userAccount } from '../ledger/accounts.js'
import { appendTransaction, userBalances } from '../ledger/ledger.repository.js'
import { ensureUser, type ChatIdentity } from '../users/user.service.js'
import { findUserById, lockUser } from '../users/user.repository.js'
import type { PayoutAdapter } from './payout.js'
import { beijingDayStart, withdrawalRefusal, type WithdrawalRefusal } from './withdrawal-rules.js'
import {
  countWithdrawalsSince,
  decideWithdrawalRow,
  insertWithdrawal,
  lockWithdrawal,
} from './withdrawal.repository.js'

export interface WithdrawalDeps {
  readonly db: Kysely<Database>
  readonly minimumFen: number
  readonly dailyLimit: number
  readonly now?: () => Date
}

export type RequestOutcome =
  | { readonly kind: 'requested'; readonly id: string; readonly amountFen: number; readonly availableAfterFen: number }
  | { readonly kind: WithdrawalRefusal | 'nothing-available'; readonly availableFen: number; readonly minimumFen: number }

/**
 * A 提现 request: checked against the available balance, the minimum and the
 * daily count, and the amount held at once — all in one transaction with the
 * user's row locked, so concurrent requests of one user queue behind each
 * other and can never take more than is available.
 * @param amountFen the amount, or 'all' for the whole available balance
 */
export async function requestWithdrawal(deps: WithdrawalDeps, who: ChatIdentity, amountFen: number | 'all'): Promise<RequestOutcome> {
  const self = await ensureUser(deps.db, who)
  return deps.db.transaction().execute(async (trx) => {
    await lockUser(trx, self.id)
    const { availableFen } = await userBalances(trx, self.id)
    const amount = amountFen === 'all' ? availableFen : amountFen
    if (amountFen === 'all' && availableFen <= 0) return { kind: 'nothing-available', availableFen, minimumFen: deps.minimumFen }
    const refusal = withdrawalRefusal({
      amountFen: amount,
      availableFen,
      minimumFen: deps.minimumFen,
      requestsToday: await countWithdrawalsSince(trx, self.id, beijingDayStart((deps.now ?? (() => new Date()))())),
      dailyLimit: deps.dailyLimit,
    })
    if (refusal) return { kind: refusal, availableFen, minimumFen: deps.minimumFen }
    const withdrawal = await insertWithdrawal(trx, self.id, amount)
    await appendTransaction(trx, {
      idempotencyKey: `withdrawal:${withdrawal.id}:hold`,
      kind: 'withdrawal:hold',
      orderRowId: null,
      userId: self.id,
      postings: [
        { account: userAccount(self.id, 'available'), userId: self.id, amountFen: -amount },
        { account: userAccount(self.id, 'held'), userId: self.id, amountFen: amount },
      ],
    })
    return { kind: 'requested', id: withdrawal.id, amountFen: amount, availableAfterFen: availableFen - amount }
  })
}

export type DecisionOutcome =
  | { readonly kind: 'paid' | 'rejected'; readonly id: string; readonly amountFen: number; readonly contactId: string; readonly reason: string | null }
  | { readonly kind: 'not-found' | 'already-decided'; readonly id: string }

/**
 * An operator approves (pays out through the adapter, then moves the hold to
 * withdrawn) or rejects (releases the hold) a pending request. The request
 * row is locked, so an approval racing a rejection decides exactly once.
 */
export async function decideWithdrawal(
  deps: { db: Kysely<Database>; payout: PayoutAdapter },
  operator: string,
  id: string,
  decision: { approve: true } | { approve: false; reason: string },
): Promise<DecisionOutcome> {
  return deps.db.transaction().execute(async (trx) => {
    const withdrawal = await lockWithdrawal(trx, id)
    if (!withdrawal) return { kind: 'not-found', id }
    if (withdrawal.status !== 'pending') return { kind: 'already-decided', id }
    const amount = Number(withdrawal.amount_fen)
    const userId = withdrawal.user_id
    const reference = decision.approve ? await deps.payout.pay(withdrawal, operator) : null
    await appendTransaction(trx, {
      idempotencyKey: `withdrawal:${id}:${decision.approve ? 'paid' : 'released'}`,
      kind: decision.approve ? 'withdrawal:paid' : 'withdrawal:released',
      orderRowId: null,
      userId,
      postings: [
        { account: userAccount(userId, 'held'), userId, amountFen: -amount },
        { account: userAccount(userId, decision.approve ? 'withdrawn' : 'available'), userId, amountFen: amount },
      ],
    })
    const reason = decision.approve ? null : decision.reason
    await decideWithdrawalRow(trx, id, {
      status: decision.approve ? 'paid' : 'rejected',
      decidedBy: operator,
      reason,
      payoutReference: reference,
    })
    const user = await findUserById(trx, userId)
    return { kind: decision.approve ? 'paid' : 'rejected', id, amountFen: amount, contactId: user?.contact_id ?? '', reason }
  })
}
