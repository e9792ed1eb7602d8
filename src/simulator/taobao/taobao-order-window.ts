import { invalidArgument, missingArgument, type TopErrorSpec } from './taobao-envelope.js'

/**
 * TOP's order APIs answer at most 3 hours per query, 20 minutes during 618 /
 * 双11 / 年货节 ("超过会提示错误": bububa/opentaobao `TaobaoTbkOrderDetailsGetAPIRequest.go`).
 */
export const ORDER_WINDOW_MS = 3 * 3_600_000
export const BIG_SALE_ORDER_WINDOW_MS = 20 * 60_000

const GMT8_OFFSET_MS = 8 * 3_600_000
const TOP_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/

export interface SimOrderWindow {
  readonly start: Date
  readonly end: Date
}

/** A TOP time (`yyyy-MM-dd HH:mm:ss`, always GMT+8) read the way the gateway reads it; undefined when malformed. */
export function readTopTime(text: string): Date | undefined {
  const match = TOP_TIME.exec(text)
  if (!match) return undefined
  const [, y, mo, d, h, mi, s] = match.map(Number)
  const ms = Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s) - GMT8_OFFSET_MS
  const date = new Date(ms)
  // Date.UTC rolls "02-30" over to March; TOP refuses such dates.
  return topTimeOf(date) === text ? date : undefined
}

function topTimeOf(date: Date): string {
  return new Date(date.getTime() + GMT8_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ')
}

/**
 * The span TOP errors with when a query asks for more than the limit. The
 * shape is TOP's isv error; the wording is the simulator's (UNCERTAIN: no
 * public capture of this answer).
 */
export const WINDOW_TOO_LONG: TopErrorSpec = {
  code: 15,
  msg: 'Remote service error',
  subCode: 'isv.invalid-parameter',
  subMsg: '查询时间跨度不能超过3小时',
}

export const BIG_SALE_WINDOW_TOO_LONG: TopErrorSpec = { ...WINDOW_TOO_LONG, subMsg: '大促期间查询时间跨度不能超过20分钟' }

/**
 * start_time/end_time of an order query: both present, well formed, in order,
 * at most 3 hours apart (20 minutes when `bigSale`).
 */
export function readOrderWindow(
  startText: string | undefined,
  endText: string | undefined,
  bigSale = false,
): SimOrderWindow | TopErrorSpec {
  if (!startText) return missingArgument('start_time')
  if (!endText) return missingArgument('end_time')
  const start = readTopTime(startText)
  if (!start) return invalidArgument('start_time')
  const end = readTopTime(endText)
  if (!end) return invalidArgument('end_time')
  if (end.getTime() < start.getTime()) {
    return { ...WINDOW_TOO_LONG, subMsg: '结束时间不能早于开始时间' }
  }
  const span = end.getTime() - start.getTime()
  if (span > ORDER_WINDOW_MS) return WINDOW_TOO_LONG
  if (bigSale && span > BIG_SALE_ORDER_WINDOW_MS) return BIG_SALE_WINDOW_TOO_LONG
  return { start, end }
}

export function isWindow(value: SimOrderWindow | TopErrorSpec): value is SimOrderWindow {
  return 'start' in value
}
