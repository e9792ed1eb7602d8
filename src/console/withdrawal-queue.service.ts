import type { Kysely } from 'kysely'
import type { AuditActor } from '../audit/audit.repository.js'
import type { Database } from '../db/database.js'
import type { Balances } from '../ledger/ledger.repository.js'
import type { WithdrawalRow } from '../withdrawals/withdrawal.table.js'
import { decideWithdrawal, type DecisionOutcome, type PayoutDeps } from '../withdrawals/withdrawal.service.js'
import { createLogger } from '../shared/log.js'
import { balancesOf, listWithdrawalQueue, recentWithdrawalsOf, type QueuedWithdrawal } from './withdrawal-queue.repository.js'

/** One queued request with what the operator weighs: the user's balances and their latest requests. */
export interface QueueEntry {
  readonly withdrawal: QueuedWithdrawal
  readonly balances: Balances
  /** The user's latest requests, newest first (this one among them). */
  readonly history: readonly WithdrawalRow[]
}

export interface WithdrawalQueue {
  readonly entries: readonly QueueEntry[]
  /** All waiting requests, of which `entries` are the oldest. */
  readonly total: number
}

const log = createLogger('console')

const NO_BALANCES: Balances = { pendingFen: 0, availableFen: 0, heldFen: 0, withdrawnFen: 0 }

/** The console's withdrawal queue: pending and paying requests, oldest first, each with its user's history. */
export async function withdrawalQueue(db: Kysely<Database>, options: { readonly limit: number; readonly historyPerUser: number }): Promise<WithdrawalQueue> {
  const { rows, total } = await listWithdrawalQueue(db, options.limit)
  const userIds = rows.map((r) => r.userId)
  const [balances, history] = await Promise.all([balancesOf(db, userIds), recentWithdrawalsOf(db, userIds, options.historyPerUser)])
  return {
    entries: rows.map((withdrawal) => ({
      withdrawal,
      balances: balances.get(withdrawal.userId) ?? NO_BALANCES,
      history: history.get(withdrawal.userId) ?? [],
    })),
    total,
  }
}

/**
 * Bulk approval: each request is decided on its own through the same
 * `decideWithdrawal` as a single approval (its own transactions, its own
 * audit row), one after another so the payout provider sees one payment at
 * a time. One request's outcome never stops the others.
 */
export async function approveWithdrawals(deps: PayoutDeps, actor: AuditActor, ids: readonly string[]): Promise<BulkResult[]> {
  const results: BulkResult[] = []
  for (const id of new Set(ids)) {
    try {
      results.push({ id, outcome: await decideWithdrawal(deps, actor.contactId, id, { approve: true }, actor) })
    } catch (error) {
      // Whatever failed rolled back its own transaction; the rest are still decided.
      log.error('bulk approval of one withdrawal failed', { withdrawal: id, error })
      results.push({ id, outcome: { kind: 'error', id } })
    }
  }
  return results
}

export interface BulkResult {
  readonly id: string
  /** `error`: something unexpected failed (logged); that request is as it was or, once paying, settled by recovery. */
  readonly outcome: DecisionOutcome | { readonly kind: 'error'; readonly id: string }
}
