import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { PostedMovement } from '../ledger/ledger.service.js'
import { contactIdsOf } from '../users/user.repository.js'
import { claimRequestNotice, movementNotice } from './order-notice.js'
import type { Notice } from './notice.js'
import type { CreditOrderRow } from './order.table.js'

/**
 * The notices for what one crediting run posted: one per ledger movement
 * (keyed by the movement's idempotency key, so a retried run that posts the
 * same movement queues the same, deduplicated message) and one claim request
 * per candidate of an ambiguous order. `known` contacts (user id → contact)
 * save the lookup of those users.
 */
export async function noticesFor(
  db: Kysely<Database>,
  orders: readonly CreditOrderRow[],
  movements: readonly PostedMovement[],
  askToClaim: ReadonlyMap<string, readonly string[]>,
  known: ReadonlyMap<string, string> = new Map(),
): Promise<Notice[]> {
  const userIds = new Set([...movements.map((m) => m.beneficiary.userId), ...[...askToClaim.values()].flat()])
  const missing = [...userIds].filter((id) => !known.has(id))
  const contacts = new Map([...known, ...(await contactIdsOf(db, missing))])
  const byId = new Map(orders.map((o) => [o.id, o]))
  const notices: Notice[] = []
  for (const movement of movements) {
    const order = byId.get(movement.orderRowId)
    const contactId = contacts.get(movement.beneficiary.userId)
    if (!order || !contactId) continue
    const text = movementNotice(
      { title: order.item_title, orderId: order.order_id, paidFen: Number(order.paid_fen), status: order.status },
      movement,
      movement.beneficiary.role,
    )
    if (text) notices.push({ contactId, text, dedupeKey: movement.idempotencyKey })
  }
  for (const [orderRowId, candidates] of askToClaim) {
    const order = byId.get(orderRowId)
    for (const userId of candidates) {
      const contactId = contacts.get(userId)
      if (order && contactId) notices.push({ contactId, text: claimRequestNotice(order.item_title), dedupeKey: `claim-ask_${orderRowId}_${userId}` })
    }
  }
  return notices
}
