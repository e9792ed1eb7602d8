import type { OrderWindow } from '../platforms/order-feed.js'

/** Splits [from, to) into consecutive windows no longer than maxWindowMs, at most `limit` of them. */
export function syncWindows(from: Date, to: Date, maxWindowMs: number, limit: number): OrderWindow[] {
  const windows: OrderWindow[] = []
  let start = from.getTime()
  const end = to.getTime()
  while (start < end && windows.length < limit) {
    const stop = Math.min(end, start + maxWindowMs)
    windows.push({ start: new Date(start), end: new Date(stop) })
    start = stop
  }
  return windows
}
