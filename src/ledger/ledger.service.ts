import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { OrderRow } from '../orders/order.table.js'
import { rebatesAccount, userAccount } from './accounts.js'
import { appendTransaction, countTransactions, postedPosition } from './ledger.repository.js'
import { movementTo, targetPosition, type Movement } from './rebate-position.js'

/** Who earns from an order and at what share of its commission. */
export interface Beneficiary {
  readonly userId: string
  /** buyer today; inviters and group owners later. */
  readonly role: string
  readonly shareBp: number
}

export interface PostedMovement extends Movement {
  readonly beneficiary: Beneficiary
}

/**
 * Brings one beneficiary's ledger for one order to what the order's current
 * state entitles them to, as one balanced transaction: pending and
 * available deltas for the user against the platform's rebates account.
 * Must run inside the transaction that locked the order row; replaying the
 * same order state posts nothing.
 */
export async function reconcileBeneficiary(
  trx: Kysely<Database>,
  order: OrderRow,
  beneficiary: Beneficiary,
): Promise<PostedMovement | undefined> {
  const posted = await postedPosition(trx, order.id, beneficiary.userId)
  const target = targetPosition(
    {
      status: order.status,
      estimatedCommissionFen: Number(order.estimated_commission_fen),
      settledCommissionFen: order.settled_commission_fen === null ? null : Number(order.settled_commission_fen),
    },
    beneficiary.shareBp,
  )
  const movement = movementTo(posted, target)
  if (!movement) return undefined
  const sequence = (await countTransactions(trx, order.id, beneficiary.userId)) + 1
  const appended = await appendTransaction(trx, {
    idempotencyKey: [order.platform, order.sub_order_id, beneficiary.userId, beneficiary.role, movement.kind, sequence].join(':'),
    kind: `${beneficiary.role}:${movement.kind}`,
    orderRowId: order.id,
    userId: beneficiary.userId,
    postings: [
      { account: userAccount(beneficiary.userId, 'pending'), userId: beneficiary.userId, amountFen: movement.pendingDeltaFen },
      { account: userAccount(beneficiary.userId, 'available'), userId: beneficiary.userId, amountFen: movement.availableDeltaFen },
      {
        account: rebatesAccount(order.platform),
        userId: null,
        amountFen: -(movement.pendingDeltaFen + movement.availableDeltaFen),
      },
    ],
  })
  return appended ? { ...movement, beneficiary } : undefined
}
