import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { postedKey, postedStates } from '../ledger/ledger.repository.js'
import { findUserByContactId } from '../users/user.repository.js'
import type { OrderRow } from './order.table.js'
import { listUserOrders } from './order.repository.js'

export interface MyOrder {
  readonly orderId: string
  readonly title: string
  readonly paidFen: number
  readonly status: OrderRow['status']
  /** What the ledger holds for this user on this order (buyer rebate or group-owner share, as credited); null before crediting. */
  readonly rebateFen: number | null
  readonly paidAt: Date
}

/**
 * A contact's most recent orders with what each one holds for them in the
 * ledger — never recomputed from today's share settings, so a changed rate
 * or an owner's group share shows what was really credited. A JD order
 * refunded after completion keeps its completed status with the commission
 * rewritten to 0: it is shown as refunded.
 */
export async function recentOrdersFor(db: Kysely<Database>, contactId: string, limit = 10): Promise<MyOrder[]> {
  const user = await findUserByContactId(db, contactId)
  if (!user) return []
  const rows = await listUserOrders(db, user.id, limit)
  const posted = await postedStates(db, rows.map((row) => row.id))
  return rows.map((row) => {
    const state = posted.get(postedKey(row.id, user.id))
    return {
      orderId: row.order_id,
      title: row.item_title,
      paidFen: Number(row.paid_fen),
      status: refundedAfterSettlement(row) ? 'refunded' : row.status,
      rebateFen: state ? state.pendingFen + state.availableFen : null,
      paidAt: row.paid_at,
    }
  })
}

function refundedAfterSettlement(row: OrderRow): boolean {
  return row.status === 'settled' && row.settled_commission_fen !== null && Number(row.settled_commission_fen) === 0 && Number(row.estimated_commission_fen) > 0
}
