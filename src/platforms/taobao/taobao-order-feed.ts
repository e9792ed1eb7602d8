import { createLogger } from '../../shared/log.js'
import type { OrderPage, OrderWindow, PlatformOrder, PlatformRefund, RejectedOrderRow } from '../order-feed.js'
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

const log = createLogger('taobao-orders')

/** TOP answers at most 3 hours per order query (20 minutes during 618/双11: TOP then refuses, see OrderWindowTooLongError). */
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
 * (refunds after settlement, which the order rows never show as such) in `refunds`.
 * Bad rows are returned in `rejected`; refund rows other than clawbacks are skipped.
 * @param ownAdzoneId our 推广位: of two rows for one trade_id, the one on it is kept
 * @throws PlatformRequestError for a window over 3 h or a foreign cursor, before any call
 * @throws a PlatformError subclass from the call (PlatformAuthError must stop the sync)
 */
export async function fetchTaobaoOrderPage(
  call: TopCall,
  window: OrderWindow,
  cursorText: string | undefined,
  ownAdzoneId?: string,
): Promise<OrderPage> {
  checkWindow(window)
  const cursor = cursorText === undefined ? firstCursor(window) : decodeCursor(cursorText, window)
  const startTime = topTimestamp(window.start)
  const endTime = topTimestamp(window.end)
  // Both ends fall in the same second: TOP's second-precision query would be empty (the next window covers it).
  if (startTime === endTime) return { orders: [], refunds: [], rejected: [], nextCursor: undefined }
  const times = { startTime, endTime }
  if (cursor.phase === 'orders') {
    const page = await fetchDetails(call, times, cursor)
    return { ...orderRows(page, ownAdzoneId, window.start), refunds: [], nextCursor: nextCursor(cursor, page) }
  }
  const page = await fetchRefunds(call, times, cursor)
  return { orders: [], ...refundRows(page), nextCursor: nextCursor(cursor, page) }
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

/**
 * The page's order rows. TOP may list one trade_id twice with different
 * adzone_id (a capture in a public TS bot, `testDingDanZhiFu`): one sub-order,
 * credited once; the row on our own adzone is kept, else the first.
 */
function orderRows(
  page: RawOrderPage,
  ownAdzoneId: string | undefined,
  queriedFrom: Date,
): { orders: PlatformOrder[]; rejected: RejectedOrderRow[] } {
  const kept = new Map<string, { order: PlatformOrder; own: boolean }>()
  const rejected: RejectedOrderRow[] = []
  for (const raw of page.rows) {
    const parsed = parseOrderDetailsRow(raw, queriedFrom)
    if (parsed === 'skipped') continue
    if ('rejected' in parsed) {
      rejected.push(parsed.rejected)
      continue
    }
    const own = ownAdzoneId !== undefined && parsed.adzoneId === ownAdzoneId
    const earlier = kept.get(parsed.order.subOrderId)
    if (earlier) log.debug('one trade_id listed twice on a page', { subOrderId: parsed.order.subOrderId, adzoneId: parsed.adzoneId })
    if (!earlier || (own && !earlier.own)) kept.set(parsed.order.subOrderId, { order: parsed.order, own })
  }
  return { orders: [...kept.values()].map((entry) => entry.order), rejected }
}

function refundRows(page: RawOrderPage): { refunds: PlatformRefund[]; rejected: RejectedOrderRow[] } {
  const refunds: PlatformRefund[] = []
  const rejected: RejectedOrderRow[] = []
  for (const raw of page.rows) {
    const parsed = parseRefundRow(raw)
    if (parsed === 'skipped') continue
    if ('refund' in parsed) refunds.push(parsed.refund)
    else rejected.push(parsed.rejected)
  }
  return { refunds, rejected }
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
