import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'
import type { NewOrderRefundRow, OrderRefundRow } from './order-refund.table.js'
import type { OrderRow } from './order.table.js'

/** Records refunds not seen before; a replayed refund (same sub-order and refund id) is left as it is. Returns how many were new. */
export async function insertRefunds(db: Kysely<Database>, rows: readonly NewOrderRefundRow[]): Promise<number> {
  if (rows.length === 0) return 0
  const result = await db
    .insertInto('order_refunds')
    .values([...rows])
    .onConflict((oc) => oc.columns(['platform', 'sub_order_id', 'refund_id']).doNothing())
    .returning('id')
    .execute()
  return result.length
}

/** Refunds of these sub-orders not applied yet, oldest first. */
export async function findWaitingRefunds(db: Kysely<Database>, platform: Platform, subOrderIds: readonly string[]): Promise<OrderRefundRow[]> {
  if (subOrderIds.length === 0) return []
  return db
    .selectFrom('order_refunds')
    .selectAll()
    .where('platform', '=', platform)
    .where(sql<boolean>`sub_order_id = any(${sql.val([...subOrderIds])}::text[])`)
    .where('applied_at', 'is', null)
    .orderBy('id')
    .execute()
}

/** Claims a refund for applying: true only for the one transaction that marks it first. */
export async function markRefundApplied(trx: Transaction<Database>, refundRowId: string, orderRowId: string): Promise<boolean> {
  const row = await trx
    .updateTable('order_refunds')
    .set({ applied_at: new Date(), order_row_id: orderRowId })
    .where('id', '=', refundRowId)
    .where('applied_at', 'is', null)
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}

export async function lockOrderBySubId(trx: Transaction<Database>, platform: Platform, subOrderId: string): Promise<OrderRow | undefined> {
  return trx.selectFrom('orders').selectAll().where('platform', '=', platform).where('sub_order_id', '=', subOrderId).forUpdate().executeTakeFirst()
}

export async function writeRefundedState(
  trx: Transaction<Database>,
  orderRowId: string,
  state: { status: OrderRow['status']; estimatedCommissionFen: number; settledCommissionFen: number | null; platformUpdatedAt: Date },
): Promise<void> {
  await trx
    .updateTable('orders')
    .set({
      status: state.status,
      estimated_commission_fen: state.estimatedCommissionFen,
      settled_commission_fen: state.settledCommissionFen,
      platform_updated_at: state.platformUpdatedAt,
      updated_at: new Date(),
    })
    .where('id', '=', orderRowId)
    .execute()
}
