import type { Kysely } from 'kysely'
import { recordAudit, type AuditActor } from '../audit/audit.repository.js'
import type { Database } from '../db/database.js'
import { userAccount } from '../ledger/accounts.js'
import { appendTransaction, userBalances } from '../ledger/ledger.repository.js'
import { ensureUser, type ChatIdentity } from '../users/user.service.js'
import { findUserByContactId, findUserById, lockUser } from '../users/user.repository.js'
import { count } from '../metrics/metrics.js'
import { recordNotices } from '../orders/notice-outbox.repository.js'
import { createLogger } from '../shared/log.js'
import type { PayoutAdapter, PayoutRequest, PayResult } from './payout.js'
import { beijingDayStart, withdrawalRefusal, type WithdrawalRefusal } from './withdrawal-rules.js'
import {
  countWithdrawalsSince,
  insertWithdrawal,
  listPayingWithdrawals,
  listPendingWithdrawals,
  listUserWithdrawals,
  lockWithdrawal,
  settleWithdrawalRow,
  startPayoutRow,
} from './withdrawal.repository.js'
import type { WithdrawalRow, WithdrawalStatus } from './withdrawal.table.js'
import { withdrawalNotice, type WithdrawalNoticeKind } from './withdrawal-notice.text.js'

const log = createLogger('withdrawals')

/** A user's latest requests, newest first (提现记录). */
export async function recentWithdrawals(db: Kysely<Database>, contactId: string, limit: number): Promise<WithdrawalRow[]> {
  const user = await findUserByContactId(db, contactId)
  return user ? listUserWithdrawals(db, user.id, limit) : []
}

/** Requests waiting for an operator or for their payment to be confirmed, oldest first (待审核). */
export function pendingWithdrawals(db: Kysely<Database>, limit: number): ReturnType<typeof listPendingWithdrawals> {
  return listPendingWithdrawals(db, limit)
}

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
  const outcome = await deps.db.transaction().execute(async (trx): Promise<RequestOutcome> => {
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
  // Counted once committed (the hold is new with each request).
  if (outcome.kind === 'requested') count.ledgerMovements(['withdrawal:hold'])
  return outcome
}

export type DecisionOutcome =
  | { readonly kind: 'paid' | 'rejected' | 'failed'; readonly id: string; readonly amountFen: number; readonly reason: string | null }
  /** Approved, the payment's result not known yet: recorded when the provider answers (recovery asks it). */
  | { readonly kind: 'paying'; readonly id: string; readonly amountFen: number }
  /** A rejection of a request already being paid. */
  | { readonly kind: 'cannot-reject'; readonly id: string; readonly amountFen: number }
  | { readonly kind: 'not-found'; readonly id: string }
  | { readonly kind: 'already-decided'; readonly id: string; readonly status: WithdrawalStatus }

export interface PayoutDeps {
  readonly db: Kysely<Database>
  readonly payout: PayoutAdapter
}

/** The request number the provider receives for a withdrawal: one per withdrawal, so a retry can never pay twice. */
export const payoutKey = (withdrawalId: string): string => `withdrawal-${withdrawalId}`

/**
 * An operator approves (pays out through the adapter, then moves the hold to
 * withdrawn) or rejects (releases the hold) a pending request. The request
 * row is locked in each transaction, so an approval racing a rejection (or
 * another approval) decides exactly once, and the user's notice is recorded
 * in the transaction that settles the request. With `audit`, the decision
 * (pending → paying, or pending → rejected) is recorded in the audit log in
 * the transaction that makes it, so a decision that did not happen (already
 * decided, a lost race) leaves no audit row and one that did always has one.
 */
export async function decideWithdrawal(
  deps: PayoutDeps,
  operator: string,
  id: string,
  decision: { approve: true } | { approve: false; reason: string },
  audit?: AuditActor,
): Promise<DecisionOutcome> {
  return decision.approve ? approveWithdrawal(deps, operator, id, audit) : rejectWithdrawal(deps.db, operator, id, decision.reason, audit)
}

/**
 * Approval in two phases around the provider call, which never runs inside
 * a transaction: (A) the row becomes `paying` under its payment key and
 * commits; the adapter is asked to pay that key; (B) its answer is recorded.
 * A second approval of a payment in flight only asks the provider what
 * became of the key — the first approval may still be paying.
 */
async function approveWithdrawal(deps: PayoutDeps, operator: string, id: string, audit: AuditActor | undefined): Promise<DecisionOutcome> {
  const started = await deps.db.transaction().execute(async (trx) => {
    const withdrawal = await lockWithdrawal(trx, id)
    if (!withdrawal) return { kind: 'not-found', id } as const
    if (withdrawal.status === 'paying') return { kind: 'in-flight', withdrawal } as const
    if (withdrawal.status !== 'pending') return { kind: 'already-decided', id, status: withdrawal.status } as const
    const paying = await startPayoutRow(trx, id, { key: payoutKey(id), adapter: deps.payout.name, approvedBy: operator })
    // The operator's act is the approval; the provider's answer (phase B) is recorded on the withdrawal itself.
    if (audit) {
      await recordAudit(trx, {
        actor: audit,
        action: 'approve-withdrawal',
        target: { kind: 'withdrawal', id },
        before: decisionState(withdrawal),
        after: { ...decisionState(paying), payoutKey: paying.payout_key, adapter: paying.payout_adapter },
      })
    }
    return { kind: 'started', withdrawal: paying } as const
  })
  if (started.kind === 'not-found' || started.kind === 'already-decided') return started
  const withdrawal = started.withdrawal
  const result = started.kind === 'started' ? await payOrNothing(deps, withdrawal) : await paidOrNothing(deps.payout, withdrawal)
  if (!result) return { kind: 'paying', id, amountFen: Number(withdrawal.amount_fen) }
  return recordPayout(deps.db, withdrawal, result)
}

async function rejectWithdrawal(db: Kysely<Database>, operator: string, id: string, reason: string, audit: AuditActor | undefined): Promise<DecisionOutcome> {
  const moved: string[] = []
  const outcome = await db.transaction().execute(async (trx): Promise<DecisionOutcome> => {
    const withdrawal = await lockWithdrawal(trx, id)
    if (!withdrawal) return { kind: 'not-found', id }
    const amountFen = Number(withdrawal.amount_fen)
    if (withdrawal.status === 'paying') return { kind: 'cannot-reject', id, amountFen }
    if (withdrawal.status !== 'pending') return { kind: 'already-decided', id, status: withdrawal.status }
    if (await releaseHold(trx, withdrawal)) moved.push('withdrawal:released')
    await settleWithdrawalRow(trx, id, { status: 'rejected', reason, decidedBy: operator })
    await recordWithdrawalNotice(trx, withdrawal, 'rejected', reason)
    if (audit) {
      await recordAudit(trx, {
        actor: audit,
        action: 'reject-withdrawal',
        target: { kind: 'withdrawal', id },
        before: decisionState(withdrawal),
        after: { ...decisionState(withdrawal), status: 'rejected' },
        reason,
      })
    }
    return { kind: 'rejected', id, amountFen, reason }
  })
  count.ledgerMovements(moved)
  return outcome
}

/** What an audit row says of a withdrawal around a decision. */
function decisionState(withdrawal: WithdrawalRow): { status: WithdrawalStatus; userId: string; amountFen: number } {
  return { status: withdrawal.status, userId: withdrawal.user_id, amountFen: Number(withdrawal.amount_fen) }
}

/** The adapter's answer, or undefined when it could not give one (timeout, crash): the payment stays `paying` for recovery. */
async function payOrNothing(deps: PayoutDeps, withdrawal: WithdrawalRow): Promise<PayResult | undefined> {
  try {
    return await deps.payout.pay(await payoutRequest(deps.db, withdrawal))
  } catch (error) {
    log.warn('payout result unknown: the payment is settled by asking the provider later', { withdrawal: withdrawal.id, adapter: deps.payout.name, error })
    return undefined
  }
}

/** Paid, when the provider confirms the key was paid; undefined otherwise (never a refusal: not paid yet may still become paid). */
async function paidOrNothing(payout: PayoutAdapter, withdrawal: WithdrawalRow): Promise<PayResult | undefined> {
  if (!withdrawal.payout_key || withdrawal.payout_adapter !== payout.name) return undefined
  try {
    const found = await payout.lookup(withdrawal.payout_key)
    return found.kind === 'paid' ? found : undefined
  } catch (error) {
    log.warn('payout lookup failed', { withdrawal: withdrawal.id, adapter: payout.name, error })
    return undefined
  }
}

async function payoutRequest(db: Kysely<Database>, withdrawal: WithdrawalRow): Promise<PayoutRequest> {
  const user = await findUserById(db, withdrawal.user_id)
  return {
    key: withdrawal.payout_key ?? payoutKey(withdrawal.id),
    withdrawalId: withdrawal.id,
    amountFen: Number(withdrawal.amount_fen),
    payee: { userId: withdrawal.user_id, contactId: user?.contact_id ?? '', displayName: user?.display_name ?? '' },
    approvedBy: withdrawal.decided_by ?? '',
  }
}

/**
 * Phase B: the provider's answer for the payment `started` began. Idempotent:
 * once the row is no longer `paying` under that key, a second answer changes
 * nothing and reports what was recorded.
 */
async function recordPayout(db: Kysely<Database>, started: WithdrawalRow, result: PayResult): Promise<DecisionOutcome> {
  const moved: string[] = []
  const outcome = await db.transaction().execute(async (trx): Promise<DecisionOutcome> => {
    const withdrawal = await lockWithdrawal(trx, started.id)
    if (!withdrawal) return { kind: 'not-found', id: started.id }
    const amountFen = Number(withdrawal.amount_fen)
    if (withdrawal.status !== 'paying' || withdrawal.payout_key !== started.payout_key) return recorded(withdrawal)
    const userId = withdrawal.user_id
    if (result.kind === 'paid') {
      const paid = await appendTransaction(trx, {
        idempotencyKey: `withdrawal:${withdrawal.id}:paid`,
        kind: 'withdrawal:paid',
        orderRowId: null,
        userId,
        postings: [
          { account: userAccount(userId, 'held'), userId, amountFen: -amountFen },
          { account: userAccount(userId, 'withdrawn'), userId, amountFen },
        ],
      })
      if (paid) moved.push('withdrawal:paid')
      await settleWithdrawalRow(trx, withdrawal.id, { status: 'paid', payoutReference: result.reference })
      await recordWithdrawalNotice(trx, withdrawal, 'paid', null)
      return { kind: 'paid', id: withdrawal.id, amountFen, reason: null }
    }
    if (await releaseHold(trx, withdrawal)) moved.push('withdrawal:released')
    await settleWithdrawalRow(trx, withdrawal.id, { status: 'failed', reason: result.reason })
    await recordWithdrawalNotice(trx, withdrawal, 'failed', result.reason)
    return { kind: 'failed', id: withdrawal.id, amountFen, reason: result.reason }
  })
  // Counted once committed: a rolled-back transaction moved nothing.
  count.ledgerMovements(moved)
  return outcome
}

/** What a settled row says, for an answer that came after it was settled. */
function recorded(withdrawal: WithdrawalRow): DecisionOutcome {
  const amountFen = Number(withdrawal.amount_fen)
  switch (withdrawal.status) {
    case 'paid':
    case 'rejected':
    case 'failed':
      return { kind: withdrawal.status, id: withdrawal.id, amountFen, reason: withdrawal.reason }
    case 'paying':
      return { kind: 'paying', id: withdrawal.id, amountFen }
    case 'pending':
      return { kind: 'already-decided', id: withdrawal.id, status: withdrawal.status }
  }
}

/** Whether the release was appended (false: its key was used already). */
async function releaseHold(trx: Kysely<Database>, withdrawal: WithdrawalRow): Promise<boolean> {
  const userId = withdrawal.user_id
  const amountFen = Number(withdrawal.amount_fen)
  return appendTransaction(trx, {
    idempotencyKey: `withdrawal:${withdrawal.id}:released`,
    kind: 'withdrawal:released',
    orderRowId: null,
    userId,
    postings: [
      { account: userAccount(userId, 'held'), userId, amountFen: -amountFen },
      { account: userAccount(userId, 'available'), userId, amountFen },
    ],
  })
}

/** The requester's notice, in the settling transaction and once only per outcome. */
async function recordWithdrawalNotice(trx: Kysely<Database>, withdrawal: WithdrawalRow, kind: WithdrawalNoticeKind, reason: string | null): Promise<void> {
  const user = await findUserById(trx, withdrawal.user_id)
  if (!user) return
  await recordNotices(trx, [
    {
      contactId: user.contact_id,
      text: withdrawalNotice(kind, { id: withdrawal.id, amountFen: Number(withdrawal.amount_fen), reason }),
      dedupeKey: `withdrawal_${withdrawal.id}_${kind}`,
    },
  ])
}

export interface RecoveryReport {
  readonly settled: number
  /** Payments whose fate the provider could not tell yet: asked again next time. */
  readonly stillPaying: number
}

/**
 * Settles approvals whose result was never recorded (a crash, a timeout
 * between the phases) by asking the adapter about each key: paid → recorded
 * as paid; never paid → paid now under the same key (the operator approved
 * it, and the key keeps a provider from paying twice); unknown → left for
 * the next run. Only payments started at least `graceMs` ago are touched,
 * so an approval still waiting for its provider in another process is left
 * to finish.
 */
export async function settlePayingWithdrawals(deps: PayoutDeps, options: { graceMs: number; now?: Date; limit?: number }): Promise<RecoveryReport> {
  const startedBy = new Date((options.now ?? new Date()).getTime() - options.graceMs)
  const rows = await listPayingWithdrawals(deps.db, deps.payout.name, startedBy, options.limit ?? 100)
  let settled = 0
  for (const withdrawal of rows) {
    let result: PayResult | undefined
    try {
      const found = await deps.payout.lookup(withdrawal.payout_key ?? payoutKey(withdrawal.id))
      if (found.kind === 'paid') result = found
      else if (found.kind === 'not-paid') result = await payOrNothing(deps, withdrawal)
    } catch (error) {
      log.warn('payout lookup failed', { withdrawal: withdrawal.id, adapter: deps.payout.name, error })
    }
    if (!result) continue
    const outcome = await recordPayout(deps.db, withdrawal, result)
    if (outcome.kind !== 'paying') settled++
  }
  return { settled, stillPaying: rows.length - settled }
}
