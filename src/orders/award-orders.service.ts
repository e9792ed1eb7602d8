import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import { transactionKind } from '../ledger/ledger.service.js'
import { askedCandidates } from './claim.repository.js'
import { claimSettledNotice } from './claim-notice.text.js'
import { creditOrdersIn, type CreditResult, type CreditRules } from './credit-order.service.js'
import { recordNotices } from './notice-outbox.repository.js'
import type { Notice } from './notice.js'
import { setAttributions } from './order.repository.js'
import type { OrderRow } from './order.table.js'
import { promotedBy } from './promoted-by.js'

export interface Award {
  readonly credited: readonly CreditResult[]
  /** What the award credited the user at once (pending, as the orders stand). */
  readonly rebateFen: number
  /** The kinds of the ledger movements posted, to count once the caller's transaction commits. */
  readonly movementKinds: readonly string[]
}

/**
 * Gives locked, unattributed order rows to a user and credits them on the
 * caller's transaction — the one path by which a claim or an operator's
 * assignment attributes an order: the attribution, the ledger movements
 * (the buyer's and the inviters', by the same reconciliation as any sync)
 * and their notices commit together. Users crediting had asked to claim an
 * ambiguous order are told it is settled (without saying to whom).
 */
export async function awardOrdersIn(
  trx: Transaction<Database>,
  rules: CreditRules,
  rows: readonly OrderRow[],
  userId: string,
  method: 'claim' | 'operator',
): Promise<Award> {
  await setAttributions(trx, new Map(rows.map((row) => [row.id, { userId, method, note: row.attribution_note }])))
  const credited = await creditOrdersIn(
    trx,
    rules,
    rows.map((row) => row.id),
  )
  await recordNotices(trx, await settledNotices(trx, rules, rows, userId))
  const rebateFen = credited
    .flatMap((r) => r.movements)
    .filter((m) => m.beneficiary.userId === userId)
    .reduce((sum, m) => sum + m.pendingDeltaFen + m.availableDeltaFen, 0)
  return { credited, rebateFen, movementKinds: credited.flatMap((r) => r.movements.map(transactionKind)) }
}

/** The other users crediting asked to claim an order now given away are told it is settled, so they stop trying. */
async function settledNotices(trx: Kysely<Database>, rules: CreditRules, won: readonly OrderRow[], winner: string): Promise<Notice[]> {
  const notices: Notice[] = []
  for (const row of won.filter((r) => r.attribution_note === 'ambiguous')) {
    const asked = await askedCandidates(trx, {
      platform: row.platform,
      itemId: row.item_id,
      from: new Date(row.paid_at.getTime() - rules.attributionWindowMs),
      to: promotedBy(row.paid_at, rules.clockSkewMs),
    })
    for (const other of asked.filter((c) => c.userId !== winner)) {
      notices.push({ contactId: other.contactId, text: claimSettledNotice(row.item_title), dedupeKey: `claim-settled_${row.id}_${other.userId}` })
    }
  }
  return notices
}
