import { atLocalTime, localTime, zoneOffsetMs } from '../groups/local-time.js'

/** A half-open span of time [from, to). */
export interface Period {
  readonly from: Date
  readonly to: Date
}

const DAY_MS = 86_400_000

/** Local midnight starting the day `days` days before the local day of `now` (0: today). */
function dayStart(now: Date, days: number, timeZone: string): Date {
  const noon = new Date(atLocalTime(now, 12, 0, timeZone).getTime() - days * DAY_MS)
  const t = localTime(noon, timeZone)
  const wall = Date.UTC(t.year, t.month - 1, t.day)
  // Midnight may lie on the other side of a DST change than noon: take the offset in force at midnight itself.
  const guess = wall - zoneOffsetMs(noon, timeZone)
  return new Date(wall - zoneOffsetMs(new Date(guess), timeZone))
}

/** The owner's 发单报表 periods: yesterday (whole local day) and this month up to now. */
export function ownerPeriods(now: Date, timeZone: string): { yesterday: Period; month: Period } {
  const todayStart = dayStart(now, 0, timeZone)
  const upToNow = new Date(now.getTime() + 1)
  return {
    yesterday: { from: dayStart(now, 1, timeZone), to: todayStart },
    month: { from: dayStart(now, localTime(now, timeZone).day - 1, timeZone), to: upToNow },
  }
}

/** The operators' 数据 periods: today so far, and the last 7 local days (today and the 6 before) up to now. */
export function operatorPeriods(now: Date, timeZone: string): { today: Period; week: Period } {
  const upToNow = new Date(now.getTime() + 1)
  return { today: { from: dayStart(now, 0, timeZone), to: upToNow }, week: { from: dayStart(now, 6, timeZone), to: upToNow } }
}

/** The last `days` local days (today and the `days - 1` before) up to now: the console's 7- and 30-day views. */
export function lastDays(now: Date, days: number, timeZone: string): Period {
  return { from: dayStart(now, days - 1, timeZone), to: new Date(now.getTime() + 1) }
}
