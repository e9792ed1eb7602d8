import type { WithdrawalRow } from './withdrawal.table.js'

/**
 * Pays an approved withdrawal out. The ledger only records what an adapter
 * reports, so a payment provider can replace the manual adapter without any
 * change to the money code.
 */
export interface PayoutAdapter {
  readonly name: string
  /** Returns the provider's reference for the payment; throws if it did not happen. */
  pay(withdrawal: WithdrawalRow, approvedBy: string): Promise<string>
}

/** The operator pays by hand (Alipay, WeChat transfer…) and approval records it. */
export const manualPayout: PayoutAdapter = {
  name: 'manual',
  pay: async (withdrawal, approvedBy) => `manual:${approvedBy}:${withdrawal.id}`,
}
