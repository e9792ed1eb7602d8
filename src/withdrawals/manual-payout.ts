import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { findManualPayout, recordManualPayout } from './manual-payout.repository.js'
import type { PayoutAdapter } from './payout.js'

/**
 * The operator pays by hand (Alipay, WeChat transfer…) and approval records
 * it — in the adapter's own table, in its own statement, as a provider would
 * keep its own books: what was paid under a key can be asked after a crash.
 */
export function manualPayout(db: Kysely<Database>): PayoutAdapter {
  return {
    name: 'manual',
    pay: async (request) => ({
      kind: 'paid',
      reference: await recordManualPayout(db, {
        key: request.key,
        withdrawalId: request.withdrawalId,
        amountFen: request.amountFen,
        payeeContactId: request.payee.contactId,
        approvedBy: request.approvedBy,
        reference: `manual:${request.approvedBy}:${request.withdrawalId}`,
      }),
    }),
    lookup: async (key) => {
      const reference = await findManualPayout(db, key)
      return reference === undefined ? { kind: 'not-paid' } : { kind: 'paid', reference }
    },
  }
}
