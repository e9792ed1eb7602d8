import type { OrderWindow } from '../order-feed.js'
import { PlatformRequestError } from '../platform-errors.js'

/** order.list.increment.get refuses update-time ranges more than 24 h apart. */
export const PDD_MAX_ORDER_WINDOW_MS = 24 * 60 * 60 * 1000

/** `start_update_time`..`end_update_time` in Unix seconds, both ends included. */
export interface PddUpdateRange {
  readonly start: number
  readonly end: number
}

/**
 * Our half-open millisecond window [start, end) as PDD's inclusive
 * whole-second range: a row updated at 12:00:00.700 has order_modify_at
 * 12:00:00, so the range starts at the window's second and ends at the
 * second of its last millisecond. Consecutive windows map to adjacent,
 * non-overlapping ranges, and a window of 24 h never spans more than
 * 86400 s. Returns 'empty' for an empty window (nothing to ask).
 * @throws PlatformRequestError for an inverted window or one over 24 h
 */
export function pddUpdateRange(window: OrderWindow): PddUpdateRange | 'empty' {
  const start = window.start.getTime()
  const end = window.end.getTime()
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new PlatformRequestError('pdd', 'order window has an invalid date')
  if (end < start) {
    throw new PlatformRequestError('pdd', `order window ends before it starts: ${window.start.toISOString()} > ${window.end.toISOString()}`)
  }
  if (end - start > PDD_MAX_ORDER_WINDOW_MS) {
    throw new PlatformRequestError('pdd', `order window of ${end - start} ms is over PDD's 24 h limit`)
  }
  if (end === start) return 'empty'
  return { start: Math.floor(start / 1000), end: Math.floor((end - 1) / 1000) }
}
