import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { availableBalances } from '../ledger/ledger.repository.js'
import type { PostedMovement } from '../ledger/ledger.service.js'
import { contactIdsOf } from '../users/user.repository.js'
import { claimRequestNotice, movementNotice } from './order-notice.text.js'
import type { Notice } from './notice.js'
import type { CreditOrderRow } from './order.table.js'

/**
 * The notices for what one crediting run posted: one per ledger movement
 * (keyed by the movement's idempotency key, so a retried run that posts the
 * same movement queues the same, deduplicated message) and one claim request
 * per candidate of an ambiguous order. `known` contacts (user id → contact)
 * save the lookup of those users.
 *
 * Must run in the crediting transaction after the movements were posted:
 * the available balances of everyone whose available money moved are read
 * there, in one statement for the batch, so a notice can say what a rebate
 * paid off of a debt and what is still owed (`movementNotice`).
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
  const balanceAfter = await balancesAfterEach(db, movements)
  const notices: Notice[] = []
  for (const [i, movement] of movements.entries()) {
    const order = byId.get(movement.orderRowId)
    const contactId = contacts.get(movement.beneficiary.userId)
    if (!order || !contactId) continue
    const text = movementNotice(
      { title: order.item_title, orderId: order.order_id, paidFen: Number(order.paid_fen), status: order.status },
      movement,
      movement.beneficiary.role,
      balanceAfter[i],
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

/**
 * Each movement's beneficiary's available balance right after it (undefined
 * where the movement does not touch it). The balance is read once, after the
 * whole batch; walking the batch's movements from what the balance was
 * before them gives each one's "after", in the order they were posted.
 */
async function balancesAfterEach(db: Kysely<Database>, movements: readonly PostedMovement[]): Promise<(number | undefined)[]> {
  const moved = movements.filter((m) => m.availableDeltaFen !== 0)
  if (moved.length === 0) return movements.map(() => undefined)
  const final = await availableBalances(db, [...new Set(moved.map((m) => m.beneficiary.userId))])
  const running = new Map<string, number>()
  for (const [userId, fen] of final) running.set(userId, fen)
  for (const m of moved) running.set(m.beneficiary.userId, (running.get(m.beneficiary.userId) ?? 0) - m.availableDeltaFen)
  return movements.map((m) => {
    if (m.availableDeltaFen === 0) return undefined
    const after = (running.get(m.beneficiary.userId) ?? 0) + m.availableDeltaFen
    running.set(m.beneficiary.userId, after)
    return after
  })
}
