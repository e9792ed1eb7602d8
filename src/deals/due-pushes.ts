import { isDue } from '../groups/push-schedule.js'
import { localDigits } from '../groups/local-time.js'

/** The schedule slot of a minute: `YYYYMMDDHHmm` in the time zone (the same for every group). */
export function slotOf(at: Date, timeZone: string): string {
  const t = localDigits(at, timeZone)
  return `${t.year}${t.month}${t.day}${t.hour}${t.minute}`
}

/**
 * The pushes due this minute, each delayed by a stable share of the spread
 * window (by room id) so a thousand groups due at 09:00 do not all go at 09:00:00.
 */
export function duePushes(
  groups: readonly { room_id: string; push_schedules: readonly string[] }[],
  at: Date,
  timeZone: string,
  spreadMs: number,
): { roomId: string; slot: string; delayMs: number }[] {
  const slot = slotOf(at, timeZone)
  return groups
    .filter((g) => isDue(g.push_schedules, at, timeZone))
    .map((g) => ({ roomId: g.room_id, slot, delayMs: spreadMs > 0 ? stableHash(g.room_id) % spreadMs : 0 }))
}

function stableHash(text: string): number {
  let hash = 2166136261
  for (const ch of text) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0
  return hash
}
