import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { CreditOrderRow } from '../orders/order.table.js'
import { rebatesAccount, userAccount } from './accounts.js'
import { appendTransactions, postedKey, postedStates, type TransactionInput } from './ledger.repository.js'
import { movementTo, targetPosition, ZERO, type Movement, type MovementKind } from './rebate-position.js'

/** Who earns from an order and at what share of its commission. */
export interface Beneficiary {
  readonly userId: string
  /** buyer today; inviters and group owners later. */
  readonly role: string
  readonly shareBp: number
}

export interface PostedMovement extends Movement {
  readonly orderRowId: string
  readonly beneficiary: Beneficiary
  readonly idempotencyKey: string
}

/** The ledger transaction kind of a rebate movement: `buyer:pending`, `l1:settle`, `group_owner:reverse`… */
export function transactionKind(movement: { readonly beneficiary: Beneficiary; readonly kind: MovementKind }): string {
  return `${movement.beneficiary.role}:${movement.kind}`
}

/**
 * Brings each (order, beneficiary)'s ledger to what the order's current
 * state entitles them to: one balanced transaction per change, pending and
 * available deltas for the user against the platform's rebates account.
 * Must run in the transaction that locked the orders; replaying the same
 * order states posts nothing.
 */
export async function reconcileBeneficiaries(
  trx: Kysely<Database>,
  items: readonly { order: CreditOrderRow; beneficiary: Beneficiary }[],
): Promise<PostedMovement[]> {
  if (items.length === 0) return []
  const posted = await postedStates(trx, [...new Set(items.map((i) => i.order.id))])
  const planned: { input: TransactionInput; movement: PostedMovement }[] = []
  for (const { order, beneficiary } of items) {
    const state = posted.get(postedKey(order.id, beneficiary.userId))
    const target = targetPosition(
      {
        status: order.status,
        estimatedCommissionFen: Number(order.estimated_commission_fen),
        settledCommissionFen: order.settled_commission_fen === null ? null : Number(order.settled_commission_fen),
      },
      beneficiary.shareBp,
    )
    const movement = movementTo(state ?? ZERO, target)
    if (!movement) continue
    const sequence = (state?.transactions ?? 0) + 1
    const { userId } = beneficiary
    const idempotencyKey = [order.platform, order.sub_order_id, userId, beneficiary.role, movement.kind, sequence].join(':')
    planned.push({
      movement: { ...movement, orderRowId: order.id, beneficiary, idempotencyKey },
      input: {
        idempotencyKey,
        kind: transactionKind({ beneficiary, kind: movement.kind }),
        orderRowId: order.id,
        userId,
        postings: [
          { account: userAccount(userId, 'pending'), userId, amountFen: movement.pendingDeltaFen },
          { account: userAccount(userId, 'available'), userId, amountFen: movement.availableDeltaFen },
          { account: rebatesAccount(order.platform), userId: null, amountFen: -(movement.pendingDeltaFen + movement.availableDeltaFen) },
        ],
      },
    })
  }
  const appended = await appendTransactions(
    trx,
    planned.map((p) => p.input),
  )
  return planned.filter((p) => appended.has(p.input.idempotencyKey)).map((p) => p.movement)
}
