import type { OrderPage, OrderWindow, PlatformOrder, RejectedOrderRow } from '../order-feed.js'
import { PlatformRequestError } from '../platform-errors.js'
import { parseTaobaoRoot } from './taobao-envelope.js'
import { decodeCursor, encodeCursor, firstCursor, type TaobaoOrderCursor } from './taobao-order-cursor.js'
import {
  detailsPage,
  ORDER_DETAILS_METHOD,
  ORDER_REFUND_METHOD,
  OrderDetailsRoot,
  OrderRefundRoot,
  refundPage,
  type RawOrderPage,
} from './taobao-order-page.js'
import { parseOrderDetailsRow } from './taobao-order-row.js'
import { parseRefundRow } from './taobao-refund-row.js'
import { topTimestamp, type BusinessParams } from './taobao-request.js'

/** TOP answers at most 3 hours per order query (20 minutes during 618/双11; a sync then needs shorter windows). */
export const TAOBAO_ORDER_WINDOW_MS = 3 * 3_600_000

const PAGE_SIZE = 100
/** TOP pages at most 100 deep: 10,000 rows per window. */
const MAX_PAGE_NO = 100
/** order.details.get query_type 4 and order.refund.get query_type 5: by the order's update time. */
const DETAILS_BY_UPDATE_TIME = 4
const REFUNDS_BY_UPDATE_TIME = 5
const JUMP_NEXT = 1

/** A signed, retried TOP call returning the success root (TaobaoPlatform.call). */
export type TopCall = (method: string, business: BusinessParams) => Promise<Record<string, unknown>>

/**
 * One page of the Taobao order feed for a window, by update time: the pages
 * of `taobao.tbk.order.details.get`, then those of `taobao.tbk.order.refund.get`
 * (refunds after settlement, which the order rows never show as such).
 * Bad rows are returned in `rejected`; refund rows other than clawbacks are skipped.
 * @throws PlatformRequestError for a window over 3 h or a foreign cursor, before any call
 * @throws a PlatformError subclass from the call (PlatformAuthError must stop the sync)
 */
export async function fetchTaobaoOrderPage(call: TopCall, window: OrderWindow, cursorText: string | undefined): Promise<OrderPage> {
  checkWindow(window)
  const cursor = cursorText === undefined ? firstCursor(window) : decodeCursor(cursorText, window)
  const startTime = topTimestamp(window.start)
  const endTime = topTimestamp(window.end)
  // Both ends fall in the same second: TOP's second-precision query would be empty (the next window covers it).
  if (startTime === endTime) return { orders: [], rejected: [], nextCursor: undefined }
  const times = { startTime, endTime }
  const page = cursor.phase === 'orders' ? await fetchDetails(call, times, cursor) : await fetchRefunds(call, times, cursor)
  return { ...mapRows(cursor, page), nextCursor: nextCursor(cursor, page) }
}

function checkWindow(window: OrderWindow): void {
  const start = window.start.getTime()
  const end = window.end.getTime()
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new PlatformRequestError('taobao', 'order window with an invalid date')
  if (end < start) throw new PlatformRequestError('taobao', 'order window ends before it starts')
  if (end - start > TAOBAO_ORDER_WINDOW_MS) {
    throw new PlatformRequestError('taobao', `order window of ${end - start} ms is over TOP's ${TAOBAO_ORDER_WINDOW_MS} ms`)
  }
}

interface QueryTimes {
  readonly startTime: string
  readonly endTime: string
}

async function fetchDetails(call: TopCall, times: QueryTimes, cursor: TaobaoOrderCursor): Promise<RawOrderPage> {
  const root = await call(ORDER_DETAILS_METHOD, {
    start_time: times.startTime,
    end_time: times.endTime,
    query_type: DETAILS_BY_UPDATE_TIME,
    page_size: PAGE_SIZE,
    page_no: cursor.pageNo,
    position_index: cursor.positionIndex,
    jump_type: cursor.positionIndex === undefined ? undefined : JUMP_NEXT,
  })
  return detailsPage(parseTaobaoRoot(ORDER_DETAILS_METHOD, OrderDetailsRoot, root))
}

async function fetchRefunds(call: TopCall, times: QueryTimes, cursor: TaobaoOrderCursor): Promise<RawOrderPage> {
  const option = {
    query_type: REFUNDS_BY_UPDATE_TIME,
    start_time: times.startTime,
    end_time: times.endTime,
    page_size: PAGE_SIZE,
    page_no: cursor.pageNo,
    position_index: cursor.positionIndex,
    jump_type: cursor.positionIndex === undefined ? undefined : JUMP_NEXT,
    order_scene: 1,
    // 4: 二方 and 三方 orders alike.
    member_type: 4,
  }
  const root = await call(ORDER_REFUND_METHOD, { publisher_refund_order_query_option: JSON.stringify(option) })
  return refundPage(parseTaobaoRoot(ORDER_REFUND_METHOD, OrderRefundRoot, root))
}

function mapRows(cursor: TaobaoOrderCursor, page: RawOrderPage): { orders: PlatformOrder[]; rejected: RejectedOrderRow[] } {
  const orders: PlatformOrder[] = []
  const rejected: RejectedOrderRow[] = []
  for (const raw of page.rows) {
    const parsed = cursor.phase === 'orders' ? parseOrderDetailsRow(raw) : parseRefundRow(raw)
    if (parsed === 'skipped') continue
    if ('order' in parsed) orders.push(parsed.order)
    else rejected.push(parsed.rejected)
  }
  return { orders, rejected }
}

function nextCursor(cursor: TaobaoOrderCursor, page: RawOrderPage): string | undefined {
  if (page.hasNext) {
    if (cursor.pageNo >= MAX_PAGE_NO) {
      throw new PlatformRequestError('taobao', `more than ${MAX_PAGE_NO} pages of orders in one window: sync shorter windows`)
    }
    return encodeCursor({ ...cursor, pageNo: cursor.pageNo + 1, positionIndex: page.positionIndex })
  }
  if (cursor.phase === 'orders') return encodeCursor({ phase: 'refunds', pageNo: 1, start: cursor.start, end: cursor.end })
  return undefined
}
