import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { targetPosition } from '../ledger/rebate-position.js'
import { findUserById } from '../users/user.repository.js'
import type { CreditResult } from './credit-order.service.js'
import { claimRequestNotice, orderNotice } from './order-notice.js'
import { setNotifiedStatus } from './order.repository.js'

export interface NotifierDeps {
  readonly db: Kysely<Database>
  readonly userShareBp: number
  /** Queues a message for the bot to send (the outbox); the key makes it once-only. */
  readonly notify: (contactId: string, text: string, dedupeKey: string) => Promise<void>
}

/**
 * Tells the buyer what changed, after the credit transaction committed:
 * queue the message (deduplicated by order and status), then record that
 * they were told. A crash in between re-queues the same key, which dedupes.
 */
export async function notifyAfterCredit(deps: NotifierDeps, result: CreditResult): Promise<void> {
  const { order } = result
  for (const userId of result.askToClaim) {
    const user = await findUserById(deps.db, userId)
    if (user) await deps.notify(user.contact_id, claimRequestNotice(order.item_title), `claim-ask_${order.id}_${userId}`)
  }
  if (!order.user_id) return
  const user = await findUserById(deps.db, order.user_id)
  if (!user) return
  const moved = result.movements.find((m) => m.beneficiary.userId === order.user_id)
  const position = targetPosition(
    {
      status: order.status,
      estimatedCommissionFen: Number(order.estimated_commission_fen),
      settledCommissionFen: order.settled_commission_fen === null ? null : Number(order.settled_commission_fen),
    },
    deps.userShareBp,
  )
  const reversedFen = moved ? -(moved.pendingDeltaFen + moved.availableDeltaFen) : 0
  const facts = { title: order.item_title, orderId: order.order_id, paidFen: Number(order.paid_fen) }
  // A refund the platform reports as a rewritten settled amount (JD) is still a refund to the user.
  const takenBack = reversedFen > 0 && order.notified_status !== null && (order.status !== 'paid' && order.status !== 'received')
  const text = takenBack
    ? orderNotice(order.notified_status, 'refunded', { ...facts, rebateFen: reversedFen })
    : orderNotice(order.notified_status, order.status, {
        ...facts,
        rebateFen: order.status === 'refunded' || order.status === 'invalid' ? 0 : position.pendingFen + position.availableFen,
      })
  const key = takenBack ? `order_${order.id}_reversed_${moved?.kind ?? ''}_${reversedFen}` : `order_${order.id}_${order.status}`
  if (text) await deps.notify(user.contact_id, text, key)
  if (order.notified_status !== order.status) await setNotifiedStatus(deps.db, order.id, order.status)
}
