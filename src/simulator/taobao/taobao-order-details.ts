import type { SimOrder } from '../sim-orders.js'
import { invalidArgument, topError, topSuccess, type TopHandler } from './taobao-envelope.js'
import { listedTwice, publisherOrderListing, tkStatusOf } from './taobao-order-dto.js'
import { pageFields, readPageRequest } from './taobao-order-paging.js'
import { queryOrders, sceneFilter } from './taobao-order-query.js'
import { isWindow, readOrderWindow } from './taobao-order-window.js'

export const ORDER_DETAILS_METHOD = 'taobao.tbk.order.details.get'

/** query_type: 1 淘客创建时间, 2 付款时间, 3 结算时间, 4 更新时间 (what incremental syncs use). */
const QUERY_TIMES: Readonly<Record<string, (order: SimOrder) => Date | undefined>> = {
  '1': (order) => order.createdAt,
  '2': (order) => order.paidAt,
  '3': (order) => order.settledAt,
  '4': (order) => order.updatedAt,
}

// UNCERTAIN: the default query_type; the simulator takes 付款时间 when none is given.
const DEFAULT_QUERY_TYPE = '2'
const TK_STATUS_FILTERS = new Set(['3', '11', '12', '13', '14'])

/**
 * The publisher's order rows in a ≤ 3 h window (≤ 20 min in a big sale), by the time `query_type`
 * names, paged by `page_no` or by `position_index` + `jump_type`. The list
 * is left out of the answer when empty, as TOP does with empty lists.
 */
export const handleOrderDetails: TopHandler = (params, state, requestId) => {
  const window = readOrderWindow(params.start_time, params.end_time, state.settings.taobaoBigSale)
  if (!isWindow(window)) return topError(requestId, window)
  const timeOf = QUERY_TIMES[params.query_type ?? DEFAULT_QUERY_TYPE]
  if (!timeOf) return topError(requestId, invalidArgument('query_type'))
  const paging = readPageRequest(params)
  if ('code' in paging) return topError(requestId, paging)
  const tkStatus = params.tk_status
  if (tkStatus !== undefined && !TK_STATUS_FILTERS.has(tkStatus)) return topError(requestId, invalidArgument('tk_status'))
  const scene = sceneFilter(params.order_scene)
  if (scene === 'invalid') return topError(requestId, invalidArgument('order_scene'))
  const keep = (order: SimOrder): boolean =>
    (tkStatus === undefined || String(tkStatusOf(order)) === tkStatus) && (scene?.(order) ?? true)
  const page = queryOrders(state, { window, timeOf, paging, keep, rowsPerOrder: (order) => (listedTwice(order) ? 2 : 1) })
  return topSuccess(ORDER_DETAILS_METHOD, requestId, {
    data: {
      ...pageFields(page, paging),
      ...(page.rows.length === 0 ? {} : { results: { publisher_order_dto: page.rows.map(({ order, copy }) => publisherOrderListing(order, copy)) } }),
    },
  })
}
