import type { ConsoleReadDeps } from './console-read-deps.js'
import { findOrderRow, listOrders, orderMovements, orderRefunds, type OrderFilter, type OrderListRow, type OrderMovement, type OrderRefundView } from './order-browse.repository.js'

export type { OrderFilter, OrderListRow, OrderMovement, OrderRefundView } from './order-browse.repository.js'

/** Orders per page of the orders list. */
export const ORDER_PAGE_SIZE = 50

export interface OrderPage {
  readonly orders: readonly OrderListRow[]
  /** The id to ask for the next page with; undefined on the last page. */
  readonly nextBefore: string | undefined
}

/** One page of orders matching the filter, newest first; `before` continues after a previous page. */
export async function browseOrders(deps: ConsoleReadDeps, filter: OrderFilter, before?: string): Promise<OrderPage> {
  const rows = await listOrders(deps.db, filter, { before, limit: ORDER_PAGE_SIZE + 1 })
  const orders = rows.slice(0, ORDER_PAGE_SIZE)
  return { orders, nextBefore: rows.length > ORDER_PAGE_SIZE ? orders[orders.length - 1]?.id : undefined }
}

export interface OrderDetail {
  readonly order: OrderListRow
  readonly movements: readonly OrderMovement[]
  readonly refunds: readonly OrderRefundView[]
}

/** An order with its ledger movements and refunds; undefined for an unknown id. */
export async function orderDetail(deps: ConsoleReadDeps, id: string): Promise<OrderDetail | undefined> {
  const order = await findOrderRow(deps.db, id)
  if (!order) return undefined
  return { order, movements: await orderMovements(deps.db, order.id), refunds: await orderRefunds(deps.db, order) }
}
