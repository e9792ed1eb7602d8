import type { ColumnType, Generated, Selectable } from 'kysely'

/**
 * pending → paying (approved; the provider is being paid) → paid, or failed
 * (the provider refused: the hold is released); pending → rejected.
 */
export type WithdrawalStatus = 'pending' | 'paying' | 'paid' | 'rejected' | 'failed'

/** A 提现 request: its amount is held in the ledger from the moment it is made. */
export interface WithdrawalTable {
  id: Generated<string>
  user_id: string
  amount_fen: ColumnType<string, number, never>
  status: WithdrawalStatus
  /** The rejection's reason, or the provider's for a refused payment. */
  reason: string | null
  /** Who approved or rejected. */
  decided_by: string | null
  payout_reference: string | null
  requested_at: ColumnType<Date, never, never>
  /** When the outcome was recorded (paid, rejected, failed). */
  decided_at: Date | null
  /** The payment's idempotency key: the request number the provider receives, once per withdrawal. */
  payout_key: string | null
  /** The adapter the payment went to: only that adapter can tell what became of it. */
  payout_adapter: string | null
  payout_started_at: Date | null
}

export type WithdrawalRow = Selectable<WithdrawalTable>
