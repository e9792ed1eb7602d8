// China has kept UTC+8 without daylight saving since 1991.
const BEIJING_OFFSET_MS = 8 * 3_600_000

/** The Beijing calendar date of an instant, YYYY-MM-DD: the day a "sent today" count belongs to (as the outbox's daily cap). */
export function beijingDate(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10)
}
