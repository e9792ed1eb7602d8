import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

/** One balanced money movement; its postings sum to zero (the database enforces it). */
export interface LedgerTransactionTable {
  id: Generated<string>
  /** (platform, sub-order, beneficiary, kind, sequence): a retried job can never post twice. */
  idempotency_key: string
  kind: string
  order_row_id: string | null
  user_id: string | null
  created_at: ColumnType<Date, never, never>
}

/** Keyed by (transaction_id, account): one posting per account per transaction. */
export interface LedgerPostingTable {
  transaction_id: string
  /** `user:<id>:pending|available|withdrawn` or a house account such as `platform:jd:rebates`. */
  account: string
  user_id: string | null
  amount_fen: ColumnType<string, number, never>
}

export type LedgerTransactionRow = Selectable<LedgerTransactionTable>
export type NewLedgerPosting = Insertable<LedgerPostingTable>
