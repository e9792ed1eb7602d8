import type { ColumnType } from 'kysely'

/** What the operator paid by hand, as the manual adapter's own record (the provider's side of a payment). */
export interface ManualPayoutTable {
  payout_key: string
  withdrawal_id: string
  amount_fen: ColumnType<string, number, never>
  payee_contact_id: string
  approved_by: string
  reference: string
  paid_at: ColumnType<Date, never, never>
}
