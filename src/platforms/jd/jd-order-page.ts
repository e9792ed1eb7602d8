import type { OrderPage, PlatformOrder, RejectedOrderRow } from '../order-feed.js'
import { PlatformResponseError } from '../platform-errors.js'
import type { JdResult } from './jd-envelope.js'
import { encodeJdOrderCursor } from './jd-order-cursor.js'
import { JD_ORDER_METHOD, JD_ORDER_PAGE_SIZE, type JdOrderWindow } from './jd-order-request.js'
import { parseJdOrderRow } from './jd-order-row.js'
import { jdRows } from './jd-rows.js'


export interface JdOrderPageRequest {
  readonly window: JdOrderWindow
  readonly pageIndex: number
  /** yyyyMMdd in Beijing time, for telling a future payMonth from a past one. */
  readonly today: number
}

/**
 * One OrderPage out of an order.row.query result. Bad rows are rejected one
 * by one; only a `data` that is no list at all fails the page. The next
 * cursor follows `hasMore` (or a full page when JD leaves hasMore out); an
 * empty page ends the window even if it claims more, so paging cannot spin.
 */
export function readJdOrderPage(result: JdResult, request: JdOrderPageRequest): OrderPage {
  const rows = jdRows(result.data)
  if (rows === undefined) {
    throw new PlatformResponseError('jd', `${JD_ORDER_METHOD}: data is not a list of rows`, { requestId: result.requestId })
  }
  const orders: PlatformOrder[] = []
  const rejected: RejectedOrderRow[] = []
  for (const raw of rows) {
    const outcome = parseJdOrderRow(raw, request.today)
    if (outcome.kind === 'order') orders.push(outcome.order)
    else if (outcome.kind === 'rejected') {
      rejected.push({ reason: outcome.reason, raw, orderId: outcome.orderId, field: outcome.field })
    }
  }
  const hasMore = result.hasMore ?? rows.length >= JD_ORDER_PAGE_SIZE
  const nextCursor =
    hasMore && rows.length > 0 ? encodeJdOrderCursor(request.window, request.pageIndex + 1) : undefined
  return { orders, rejected, nextCursor }
}
