import { invalidArgument, missingArgument, type TopErrorSpec } from './taobao-envelope.js'

/** TOP's order APIs answer at most 3 hours per query (20 minutes in big sales, which the simulator does not model). */
export const ORDER_WINDOW_MS = 3 * 3_600_000

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

/** The span TOP errors with when a query asks for more than the limit (the wording is the simulator's). */
export const WINDOW_TOO_LONG: TopErrorSpec = {
  code: 15,
  msg: 'Remote service error',
  subCode: 'isv.invalid-parameter',
  subMsg: '查询时间跨度不能超过3小时',
}

/** start_time/end_time of an order query: both present, well formed, in order, at most 3 hours apart. */
export function readOrderWindow(startText: string | undefined, endText: string | undefined): SimOrderWindow | TopErrorSpec {
  if (!startText) return missingArgument('start_time')
  if (!endText) return missingArgument('end_time')
  const start = readTopTime(startText)
  if (!start) return invalidArgument('start_time')
  const end = readTopTime(endText)
  if (!end) return invalidArgument('end_time')
  if (end.getTime() < start.getTime()) {
    return { ...WINDOW_TOO_LONG, subMsg: '结束时间不能早于开始时间' }
  }
  if (end.getTime() - start.getTime() > ORDER_WINDOW_MS) return WINDOW_TOO_LONG
  return { start, end }
}

export function isWindow(value: SimOrderWindow | TopErrorSpec): value is SimOrderWindow {
  return 'start' in value
}
