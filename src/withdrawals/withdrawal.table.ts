import type { ColumnType, Generated, Selectable } from 'kysely'

export type WithdrawalStatus = 'pending' | 'paid' | 'rejected'

/** A 提现 request: its amount is held in the ledger from the moment it is made. */
export interface WithdrawalTable {
  id: Generated<string>
  user_id: string
  amount_fen: ColumnType<string, number, never>
  status: WithdrawalStatus
  reason: string | null
  decided_by: string | null
  payout_reference: string | null
  requested_at: ColumnType<Date, never, never>
  decided_at: Date | null
}

export type WithdrawalRow = Selectable<WithdrawalTable>
