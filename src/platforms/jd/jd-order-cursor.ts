import { z } from 'zod'
import { PlatformRequestError } from '../platform-errors.js'
import { readOrderCursor } from '../read-order-cursor.js'
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
  const { pageIndex, startTime, endTime } = readOrderCursor('jd', cursor, CursorSchema)
  if (startTime !== window.startTime || endTime !== window.endTime) {
    throw new PlatformRequestError('jd', `order cursor is for ${startTime}..${endTime}, not ${window.startTime}..${window.endTime}`)
  }
  return pageIndex
}
