import type { OrderWindow } from '../order-feed.js'
import { PlatformRequestError } from '../platform-errors.js'
import { formatJdTimestamp } from './jd-form.js'

export const JD_ORDER_METHOD = 'jd.union.open.order.row.query'

/** JD refuses windows over one hour (business code 2002453). */
export const JD_ORDER_MAX_WINDOW_MS = 3_600_000

/** JD allows up to 500; 200 keeps each answer small while still few calls per window. */
export const JD_ORDER_PAGE_SIZE = 200

/** `type` 3: select rows by update time, so every change is reported again. */
const BY_UPDATE_TIME = 3

/** The window as JD takes it: whole seconds in Beijing time. */
export interface JdOrderWindow {
  readonly startTime: string
  readonly endTime: string
}

/**
 * The window in JD's terms, or PlatformRequestError before any call when it
 * is backwards or longer than JD allows. Both ends are cut to the second the
 * same way, so consecutive windows still meet without a gap.
 */
export function jdOrderWindow(window: OrderWindow): JdOrderWindow {
  const span = window.end.getTime() - window.start.getTime()
  if (Number.isNaN(span)) throw new PlatformRequestError('jd', 'order window has an invalid date')
  if (span < 0) throw new PlatformRequestError('jd', 'order window ends before it starts')
  if (span > JD_ORDER_MAX_WINDOW_MS) {
    throw new PlatformRequestError('jd', `order window of ${span} ms exceeds JD's ${JD_ORDER_MAX_WINDOW_MS} ms`)
  }
  return { startTime: formatJdTimestamp(window.start), endTime: formatJdTimestamp(window.end) }
}

/** The `orderReq` of one page. */
export function jdOrderReq(window: JdOrderWindow, pageIndex: number): Record<string, unknown> {
  return { pageIndex, pageSize: JD_ORDER_PAGE_SIZE, type: BY_UPDATE_TIME, ...window }
}
