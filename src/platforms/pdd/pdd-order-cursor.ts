import { z } from 'zod'
import { PlatformRequestError } from '../platform-errors.js'
import { readOrderCursor } from '../read-order-cursor.js'
import type { PddUpdateRange } from './pdd-order-window.js'

/**
 * Paging state between two fetchOrderPage calls: the update-time range it
 * belongs to and the next page to fetch. Pages go from the last one down,
 * so the pages still to fetch are `page`, page − 1, …, 1.
 */
const cursorSchema = z.object({
  v: z.literal(1),
  start_update_time: z.number().int(),
  end_update_time: z.number().int(),
  page: z.number().int().min(1),
})

/** The opaque cursor text, e.g. `{"v":1,"start_update_time":1763596800,"end_update_time":1763683199,"page":2}`. */
export function encodePddOrderCursor(range: PddUpdateRange, page: number): string {
  return JSON.stringify({ v: 1, start_update_time: range.start, end_update_time: range.end, page })
}

/**
 * The next page a cursor asks for.
 * @throws PlatformRequestError for text that is not our cursor or belongs to another window
 */
export function decodePddOrderCursor(text: string, range: PddUpdateRange): number {
  const cursor = readOrderCursor('pdd', text, cursorSchema)
  if (cursor.start_update_time !== range.start || cursor.end_update_time !== range.end) {
    throw new PlatformRequestError('pdd', `pdd order cursor belongs to another window: ${text}`)
  }
  return cursor.page
}
