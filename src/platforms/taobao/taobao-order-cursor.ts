import { z } from 'zod'
import type { OrderWindow } from '../order-feed.js'
import { PlatformRequestError } from '../platform-errors.js'
import { readOrderCursor } from '../read-order-cursor.js'

/**
 * Where a window's paging stands: first `orders` (order.details.get), then
 * `refunds` (order.refund.get) over the same window. Serialized as JSON,
 * e.g. `{"phase":"orders","pageNo":2,"positionIndex":"…","start":…,"end":…}`;
 * the window's bounds (epoch ms) are kept so a cursor is never replayed on another window.
 */
export interface TaobaoOrderCursor {
  readonly phase: 'orders' | 'refunds'
  readonly pageNo: number
  /** TOP's position_index from the previous page of the same phase, echoed with jump_type 1. */
  readonly positionIndex?: string | undefined
  readonly start: number
  readonly end: number
}

const CursorJson = z.object({
  phase: z.enum(['orders', 'refunds']),
  pageNo: z.number().int().min(1),
  positionIndex: z.string().optional(),
  start: z.number(),
  end: z.number(),
})

export function firstCursor(window: OrderWindow): TaobaoOrderCursor {
  return { phase: 'orders', pageNo: 1, start: window.start.getTime(), end: window.end.getTime() }
}

export function encodeCursor(cursor: TaobaoOrderCursor): string {
  return JSON.stringify(cursor)
}

/** @throws PlatformRequestError for a cursor this adapter did not issue for this window */
export function decodeCursor(text: string, window: OrderWindow): TaobaoOrderCursor {
  const cursor = readOrderCursor('taobao', text, CursorJson)
  if (cursor.start !== window.start.getTime() || cursor.end !== window.end.getTime()) {
    throw new PlatformRequestError('taobao', 'the order cursor belongs to another window')
  }
  return cursor
}
