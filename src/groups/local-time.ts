const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 }
const formatters = new Map<string, Intl.DateTimeFormat>()

/** Wall-clock fields of an instant in a time zone, down to the second. */
export interface ZonedTime {
  readonly year: number
  readonly month: number
  readonly day: number
  /** 0 = Sunday. */
  readonly weekday: number
  readonly hour: number
  readonly minute: number
  readonly second: number
}

/** The wall-clock year, month, day, weekday, hour, minute and second of an instant in a time zone. */
export function localTime(at: Date, timeZone: string): ZonedTime {
  let format = formatters.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, format)
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]))
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAYS[parts.weekday ?? 'Sun'] ?? 0,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  }
}

/** The wall-clock date and minute of an instant as zero-padded text (`2026`, `03`, `01`, `09`, `05`), for slots and displays. */
export function localDigits(at: Date, timeZone: string): { year: string; month: string; day: string; hour: string; minute: string } {
  const t = localTime(at, timeZone)
  const two = (n: number): string => String(n).padStart(2, '0')
  return { year: String(t.year), month: two(t.month), day: two(t.day), hour: two(t.hour), minute: two(t.minute) }
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms (Asia/Shanghai: 8 h). */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const t = localTime(at, timeZone)
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second)
  return wall - Math.floor(at.getTime() / 1000) * 1000
}

/** The instant when the zone's wall clock shows `hour:minute` on the local day of `day`. */
export function atLocalTime(day: Date, hour: number, minute: number, timeZone: string): Date {
  const offset = zoneOffsetMs(day, timeZone)
  const t = localTime(day, timeZone)
  return new Date(Date.UTC(t.year, t.month - 1, t.day, hour, minute) - offset)
}
