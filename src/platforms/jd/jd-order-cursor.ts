import { z } from 'zod'
import { PlatformRequestError } from '../platform-errors.js'
import type { JdOrderWindow } from './jd-order-request.js'

/**
 * The opaque cursor is JSON of JD's paging state: the next `pageIndex` and
 * the window it belongs to, so a cursor cannot be replayed on another window.
 */
const CursorSchema = z.object({
  pageIndex: z.number().int().min(2),
  startTime: z.string(),
  endTime: z.string(),
})

export function encodeJdOrderCursor(window: JdOrderWindow, pageIndex: number): string {
  return JSON.stringify({ pageIndex, startTime: window.startTime, endTime: window.endTime })
}

/** The page a cursor asks for; PlatformRequestError when it is unreadable or from another window. */
export function decodeJdOrderCursor(cursor: string, window: JdOrderWindow): number {
  let json: unknown
  try {
    json = JSON.parse(cursor)
  } catch {
    json = undefined
  }
  const parsed = CursorSchema.safeParse(json)
  if (!parsed.success) throw new PlatformRequestError('jd', `unreadable order cursor: ${cursor.slice(0, 80)}`)
  const { pageIndex, startTime, endTime } = parsed.data
  if (startTime !== window.startTime || endTime !== window.endTime) {
    throw new PlatformRequestError('jd', `order cursor is for ${startTime}..${endTime}, not ${window.startTime}..${window.endTime}`)
  }
  return pageIndex
}
