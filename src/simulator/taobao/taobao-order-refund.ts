import type { SimResponse } from '../sim-platform.js'
import type { SimOrder } from '../sim-orders.js'
import { missingArgument, topError, topSuccess, type TopHandler } from './taobao-envelope.js'
import { pageFields, readPageRequest } from './taobao-order-paging.js'
import { queryOrders, sceneFilter } from './taobao-order-query.js'
import { isWindow, readOrderWindow, readTopTime } from './taobao-order-window.js'
import { publisherRefundOrderDto } from './taobao-refund-dto.js'

export const ORDER_REFUND_METHOD = 'taobao.tbk.order.refund.get'

const OPTION = 'publisher_refund_order_query_option'

/** query_type: 1 维权发起时间, 2 订单结算时间, 3 维权完成时间, 4 订单创建时间, 5 订单更新时间. */
const QUERY_TIMES: Readonly<Record<string, (order: SimOrder) => Date | undefined>> = {
  '1': (order) => order.refundedAt,
  '2': (order) => order.settledAt,
  '3': (order) => order.refundedAt,
  '4': (order) => order.createdAt,
  '5': (order) => order.updatedAt,
}

/** Query types 4 and 5 only answer for windows starting on or after this day. */
const CREATE_OR_UPDATE_QUERIES_FROM = readTopTime('2022-12-20 00:00:00')

/** This API reports its business errors inside the success envelope (`biz_error_code` 101–103 per the SDKs). */
function bizError(method: string, requestId: string, desc: string): SimResponse {
  return topSuccess(method, requestId, { biz_error_code: 102, biz_error_desc: desc, result_msg: desc })
}

/**
 * 全量维权退款订单: the rows of orders refunded after settlement, with the
 * query in one JSON-string param. The answer's page sits in `data` with the
 * rows in `result.publisher_refund_order_dto` (the SDK metadata's shape).
 */
export const handleOrderRefund: TopHandler = (params, state, requestId) => {
  const raw = params[OPTION]
  if (!raw) return topError(requestId, missingArgument(OPTION))
  const option = parseOption(raw)
  if (!option) return bizError(ORDER_REFUND_METHOD, requestId, `${OPTION} 不是合法的JSON对象`)
  // UNCERTAIN: the SDKs state the big-sale limit for order.details.get only; the simulator applies it to both order APIs.
  const window = readOrderWindow(text(option.start_time), text(option.end_time), state.settings.taobaoBigSale)
  if (!isWindow(window)) return bizError(ORDER_REFUND_METHOD, requestId, window.subMsg ?? window.msg)
  const queryType = text(option.query_type) ?? '1'
  const timeOf = QUERY_TIMES[queryType]
  if (!timeOf) return bizError(ORDER_REFUND_METHOD, requestId, 'query_type 参数错误')
  if ((queryType === '4' || queryType === '5') && window.start < (CREATE_OR_UPDATE_QUERIES_FROM ?? window.start)) {
    return bizError(ORDER_REFUND_METHOD, requestId, 'query_type 4/5 仅支持查询2022-12-20之后的数据')
  }
  const paging = readPageRequest({
    page_no: option.page_no,
    page_size: option.page_size,
    position_index: option.position_index,
    jump_type: option.jump_type,
  })
  if ('code' in paging) return bizError(ORDER_REFUND_METHOD, requestId, paging.msg)
  const scene = sceneFilter(text(option.order_scene))
  if (scene === 'invalid') return bizError(ORDER_REFUND_METHOD, requestId, 'order_scene 参数错误')
  const keep = (order: SimOrder): boolean => order.refundedAfterSettlement && (scene?.(order) ?? true)
  const page = queryOrders(state, { window, timeOf, paging, keep })
  return topSuccess(ORDER_REFUND_METHOD, requestId, {
    data: {
      ...pageFields(page, paging),
      ...(page.rows.length === 0 ? {} : { result: { publisher_refund_order_dto: page.rows.map(({ order }) => publisherRefundOrderDto(order)) } }),
    },
  })
}

function parseOption(raw: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(raw)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined
}
