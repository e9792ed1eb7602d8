import { localDigits } from '../../src/groups/local-time.js'

/** An instant as the operator reads it: "2026-12-06 14:05" in the console's time zone. */
export function consoleTime(at: Date, timeZone: string): string {
  const t = localDigits(at, timeZone)
  return `${t.year}-${t.month}-${t.day} ${t.hour}:${t.minute}`
}
