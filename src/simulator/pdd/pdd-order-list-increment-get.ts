import type { SimResponse } from '../sim-platform.js'
import type { SimState } from '../sim-state.js'
import { PddSimError, pddOk, withRawIntegers } from './pdd-envelope.js'
import { pddOrderRow } from './pdd-order-row.js'
import { optionalBoolean, optionalInteger, requireUnixSeconds } from './pdd-sim-params.js'

const DAY_S = 86_400
const LOOKBACK_DAYS = 90

/**
 * `pdd.ddk.order.list.increment.get`: rows whose order_modify_at lies in
 * [start_update_time, end_update_time] (whole seconds, both ends included:
 * UNCERTAIN, PDD does not say), oldest change first, ≤ 24 h apart and within
 * the last 90 days. `total_count` only when `return_count=true`, as PDD
 * skips counting otherwise.
 */
export function orderListIncrementGet(params: Readonly<Record<string, string>>, state: SimState): SimResponse {
  const start = requireUnixSeconds(params, 'start_update_time')
  const end = requireUnixSeconds(params, 'end_update_time')
  if (end < start) throw new PddSimError('param', 'end_update_time不能早于start_update_time')
  if (end - start > DAY_S) throw new PddSimError('param', 'start_update_time与end_update_time间隔不能超过24小时')
  if (start < Math.floor(state.now().getTime() / 1000) - LOOKBACK_DAYS * DAY_S) {
    throw new PddSimError('param', `只能查询最近${LOOKBACK_DAYS}天的订单`)
  }
  const page = optionalInteger(params, 'page', 1, 10_000) ?? 1
  const pageSize = optionalInteger(params, 'page_size', 10, 100) ?? 100
  const returnCount = optionalBoolean(params, 'return_count') ?? false
  // 2 = 直播间 orders, which the simulator never has.
  const orderType = optionalInteger(params, 'query_order_type', 1, 2)
  optionalBoolean(params, 'cash_gift_order')
  const rows = orderType === 2 ? [] : state.orders.updatedBetween('pdd', new Date(start * 1000), new Date((end + 1) * 1000))
  return withRawIntegers(pddOk('order_list_get_response', {
    order_list: rows.slice((page - 1) * pageSize, page * pageSize).map(pddOrderRow),
    ...(returnCount ? { total_count: rows.length } : {}),
  }))
}
