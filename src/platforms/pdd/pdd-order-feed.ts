import { z } from 'zod'
import type { OrderPage, OrderWindow, PlatformOrder, RejectedOrderRow } from '../order-feed.js'
import { PlatformRequestError, PlatformResponseError } from '../platform-errors.js'
import { parsePddResult } from './pdd-envelope.js'
import { pddList } from './pdd-list.js'
import { decodePddOrderCursor, encodePddOrderCursor } from './pdd-order-cursor.js'
import { parsePddOrderRow } from './pdd-order-row.js'
import { pddUpdateRange, type PddUpdateRange } from './pdd-order-window.js'
import type { PddBusinessParams } from './pdd-request.js'

export const PDD_ORDER_LIST_INCREMENT_GET = 'pdd.ddk.order.list.increment.get'
/** The largest page PDD serves. */
export const PDD_ORDER_PAGE_SIZE = 100
const PDD_MAX_PAGE = 10_000

/** One signed, retried gateway call (PddPlatform.call). */
export type PddCall = (method: string, params: PddBusinessParams) => Promise<Readonly<Record<string, unknown>>>

const orderListResponseSchema = z.object({
  // Rows are validated one by one, so a bad row costs only itself.
  order_list: pddList(z.unknown()),
  // A string in the SDK models (lywzx/pdd-node-sdk PddDdkOrderListIncrementGet.ts), a number in captures.
  total_count: z.union([z.number().int().min(0), z.string().regex(/^\d{1,15}$/).transform(Number)]).nullish(),
})

interface ListPage {
  readonly rows: readonly unknown[]
  readonly totalCount: number | undefined
}

/**
 * One page of `pdd.ddk.order.list.increment.get` by update time. PDD's docs
 * say to page backwards when syncing by update time: a row that changes
 * while we page leaves its place and the rows after it move up one, so
 * paging from the last page turns that into a row seen twice rather than
 * one missed. The first call therefore asks page 1 only for `total_count`
 * and returns the last page; later calls walk down to page 1, which is
 * fetched again (and returned) last.
 * @throws PlatformRequestError for a window over 24 h or a foreign cursor, PlatformAuthError, …
 */
export async function fetchPddOrderPage(call: PddCall, window: OrderWindow, cursor: string | undefined): Promise<OrderPage> {
  const range = pddUpdateRange(window)
  if (range === 'empty') return { orders: [], rejected: [], nextCursor: undefined }
  if (cursor !== undefined) {
    const page = decodePddOrderCursor(cursor, range)
    const list = await fetchList(call, range, page, false)
    return pageOf(list.rows, page > 1 ? encodePddOrderCursor(range, page - 1) : undefined)
  }
  const first = await fetchList(call, range, 1, true)
  if (first.totalCount === undefined) {
    throw new PlatformResponseError('pdd', `pdd ${PDD_ORDER_LIST_INCREMENT_GET}: no total_count although return_count=true`)
  }
  const lastPage = Math.max(1, Math.ceil(first.totalCount / PDD_ORDER_PAGE_SIZE))
  if (lastPage === 1) return pageOf(first.rows, undefined)
  if (lastPage > PDD_MAX_PAGE) {
    throw new PlatformRequestError('pdd', `${first.totalCount} orders updated in one window is more than PDD pages through; use a shorter window`)
  }
  const last = await fetchList(call, range, lastPage, false)
  return pageOf(last.rows, encodePddOrderCursor(range, lastPage - 1))
}

async function fetchList(call: PddCall, range: PddUpdateRange, page: number, returnCount: boolean): Promise<ListPage> {
  const body = await call(PDD_ORDER_LIST_INCREMENT_GET, {
    start_update_time: range.start,
    end_update_time: range.end,
    page,
    page_size: PDD_ORDER_PAGE_SIZE,
    return_count: returnCount,
  })
  const result = parsePddResult(PDD_ORDER_LIST_INCREMENT_GET, body, 'order_list_get_response', orderListResponseSchema)
  return { rows: result.order_list, totalCount: result.total_count ?? undefined }
}

function pageOf(rows: readonly unknown[], nextCursor: string | undefined): OrderPage {
  const orders: PlatformOrder[] = []
  const rejected: RejectedOrderRow[] = []
  for (const raw of rows) {
    const result = parsePddOrderRow(raw)
    if ('order' in result) orders.push(result.order)
    else rejected.push(result.rejected)
  }
  return { orders, rejected, nextCursor }
}
