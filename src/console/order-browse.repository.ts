import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'
import type { AttributionMethod, AttributionNote, OrderRow } from '../orders/order.table.js'

type OrderStatus = OrderRow['status']

/** The orders list's filters; every one optional. */
export interface OrderFilter {
  readonly platform?: Platform | undefined
  readonly status?: OrderStatus | undefined
  /** Which rung of the attribution ladder gave the order its user. */
  readonly rung?: AttributionMethod | undefined
  /** Only orders no user has (yet). */
  readonly unattributed?: boolean | undefined
  /** Only orders refunded after the platform had settled them: refunded with a settlement time, or money taken back from an available balance. */
  readonly refundedAfterSettlement?: boolean | undefined
}

/** An order as the console shows it, with its user's name when it has one. */
export interface OrderListRow {
  readonly id: string
  readonly platform: Platform
  readonly orderId: string
  readonly subOrderId: string
  readonly itemId: string
  readonly itemTitle: string
  readonly quantity: number
  readonly paidFen: number
  readonly status: OrderStatus
  readonly estimatedCommissionFen: number
  readonly settledCommissionFen: number | null
  readonly paidAt: Date
  readonly receivedAt: Date | null
  readonly settledAt: Date | null
  readonly userId: string | null
  readonly userName: string | null
  readonly attribution: AttributionMethod | null
  readonly attributionNote: AttributionNote | null
  readonly attributedAt: Date | null
  readonly platformAttributionId: string | null
  readonly relationId: string | null
  readonly updatedAt: Date
}

function orderQuery(db: Kysely<Database>) {
  return db
    .selectFrom('orders as o')
    .leftJoin('users as u', 'u.id', 'o.user_id')
    .selectAll('o')
    .select('u.display_name as user_name')
}

type Joined = Awaited<ReturnType<ReturnType<typeof orderQuery>['executeTakeFirstOrThrow']>>

function toListRow(r: Joined): OrderListRow {
  return {
    id: r.id,
    platform: r.platform,
    orderId: r.order_id,
    subOrderId: r.sub_order_id,
    itemId: r.item_id,
    itemTitle: r.item_title,
    quantity: r.quantity,
    paidFen: Number(r.paid_fen),
    status: r.status,
    estimatedCommissionFen: Number(r.estimated_commission_fen),
    settledCommissionFen: r.settled_commission_fen === null ? null : Number(r.settled_commission_fen),
    paidAt: r.paid_at,
    receivedAt: r.received_at,
    settledAt: r.settled_at,
    userId: r.user_id,
    userName: r.user_name,
    attribution: r.attribution,
    attributionNote: r.attribution_note,
    attributedAt: r.attributed_at,
    platformAttributionId: r.platform_attribution_id,
    relationId: r.relation_id,
    updatedAt: r.updated_at,
  }
}

/** Orders matching the filter, newest row first, with ids below `before` (keyset paging). */
export async function listOrders(db: Kysely<Database>, filter: OrderFilter, page: { before?: string | undefined; limit: number }): Promise<OrderListRow[]> {
  let query = orderQuery(db)
  if (filter.platform) query = query.where('o.platform', '=', filter.platform)
  if (filter.status) query = query.where('o.status', '=', filter.status)
  if (filter.rung) query = query.where('o.attribution', '=', filter.rung)
  if (filter.unattributed) query = query.where('o.user_id', 'is', null)
  if (filter.refundedAfterSettlement) {
    // Refunded with a settlement time kept, or money taken back from someone's available balance: JD reports a
    // refund after completion as a lower settled amount with the status still settled.
    query = query.where((eb) =>
      eb.or([
        eb.and([eb('o.status', '=', 'refunded'), eb('o.settled_at', 'is not', null)]),
        eb.exists(
          eb
            .selectFrom('ledger_transactions as t')
            .innerJoin('ledger_postings as p', 'p.transaction_id', 't.id')
            .select('t.id')
            .whereRef('t.order_row_id', '=', 'o.id')
            .where('p.user_id', 'is not', null)
            .where('p.account', 'like', '%:available')
            .where('p.amount_fen', '<', sql<string>`0`),
        ),
      ]),
    )
  }
  if (page.before) query = query.where('o.id', '<', page.before)
  const rows = await query.orderBy('o.id', 'desc').limit(page.limit).execute()
  return rows.map(toListRow)
}

export async function findOrderRow(db: Kysely<Database>, id: string): Promise<OrderListRow | undefined> {
  const row = await orderQuery(db).where('o.id', '=', id).executeTakeFirst()
  return row ? toListRow(row) : undefined
}

/** One posting of a ledger transaction on an order. */
export interface OrderMovement {
  readonly transactionId: string
  readonly idempotencyKey: string
  readonly kind: string
  readonly createdAt: Date
  readonly account: string
  readonly userId: string | null
  readonly userName: string | null
  readonly amountFen: number
}

/** Every posting of every ledger transaction on the order, in the order they were posted. */
export async function orderMovements(db: Kysely<Database>, orderRowId: string): Promise<OrderMovement[]> {
  const rows = await db
    .selectFrom('ledger_transactions as t')
    .innerJoin('ledger_postings as p', 'p.transaction_id', 't.id')
    .leftJoin('users as u', 'u.id', 'p.user_id')
    .select(['t.id', 't.idempotency_key', 't.kind', 't.created_at', 'p.account', 'p.user_id', 'p.amount_fen', 'u.display_name'])
    .where('t.order_row_id', '=', orderRowId)
    .orderBy('t.id')
    .orderBy('p.account')
    .execute()
  return rows.map((r) => ({
    transactionId: r.id,
    idempotencyKey: r.idempotency_key,
    kind: r.kind,
    createdAt: r.created_at,
    account: r.account,
    userId: r.user_id,
    userName: r.display_name,
    amountFen: Number(r.amount_fen),
  }))
}

export interface OrderRefundView {
  readonly refundId: string
  readonly commissionRefundFen: number | null
  readonly refundedAt: Date | null
  readonly appliedAt: Date | null
  readonly createdAt: Date
}

/** The refunds the platform reported for the order's sub-order, applied or still waiting. */
export async function orderRefunds(db: Kysely<Database>, order: { platform: Platform; subOrderId: string }): Promise<OrderRefundView[]> {
  const rows = await db
    .selectFrom('order_refunds')
    .selectAll()
    .where('platform', '=', order.platform)
    .where('sub_order_id', '=', order.subOrderId)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    refundId: r.refund_id,
    commissionRefundFen: r.commission_refund_fen === null ? null : Number(r.commission_refund_fen),
    refundedAt: r.refunded_at,
    appliedAt: r.applied_at,
    createdAt: r.created_at,
  }))
}

/** Orders of a user, newest payment first (the user page's list). */
export async function userOrders(db: Kysely<Database>, userId: string, limit: number): Promise<OrderListRow[]> {
  const rows = await orderQuery(db).where('o.user_id', '=', userId).orderBy('o.paid_at', 'desc').orderBy('o.id', 'desc').limit(limit).execute()
  return rows.map(toListRow)
}

