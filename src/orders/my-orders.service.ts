import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { targetPosition } from '../ledger/rebate-position.js'
import { findUserByContactId } from '../users/user.repository.js'
import type { OrderRow } from './order.table.js'
import { listUserOrders } from './order.repository.js'

export interface MyOrder {
  readonly orderId: string
  readonly title: string
  readonly paidFen: number
  readonly status: OrderRow['status']
  readonly rebateFen: number
  readonly paidAt: Date
}

/** A contact's most recent orders with the rebate each one carries for them now. */
export async function recentOrdersFor(db: Kysely<Database>, contactId: string, userShareBp: number, limit = 10): Promise<MyOrder[]> {
  const user = await findUserByContactId(db, contactId)
  if (!user) return []
  const rows = await listUserOrders(db, user.id, limit)
  return rows.map((row) => {
    const position = targetPosition(
      {
        status: row.status,
        estimatedCommissionFen: Number(row.estimated_commission_fen),
        settledCommissionFen: row.settled_commission_fen === null ? null : Number(row.settled_commission_fen),
      },
      userShareBp,
    )
    return {
      orderId: row.order_id,
      title: row.item_title,
      paidFen: Number(row.paid_fen),
      status: row.status,
      rebateFen: position.pendingFen + position.availableFen,
      paidAt: row.paid_at,
    }
  })
}
