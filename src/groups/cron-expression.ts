/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week),
 * parsed to sets so that a scheduler tick can ask "is this minute due?" for
 * thousands of groups without a timer each. Supports `*`, `a`, `a-b`,
 * `*\/n`, `a-b/n` and comma lists; day-of-week 0 and 7 are Sunday.
 */
export interface CronSchedule {
  readonly minutes: ReadonlySet<number>
  readonly hours: ReadonlySet<number>
  readonly days: ReadonlySet<number>
  readonly months: ReadonlySet<number>
  readonly weekdays: ReadonlySet<number>
  /** Cron's rule: when both day fields are restricted, either may match. */
  readonly dayOr: boolean
}

const FIELDS = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12 },
  { min: 0, max: 7 },
] as const

function parseField(text: string, min: number, max: number): Set<number> | undefined {
  const values = new Set<number>()
  for (const part of text.split(',')) {
    const match = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/.exec(part)
    if (!match) return undefined
    const [, , a, b, s] = match
    const start = a === undefined ? min : Number(a)
    const end = a === undefined ? max : b === undefined ? (s === undefined ? start : max) : Number(b)
    const step = s === undefined ? 1 : Number(s)
    if (start < min || end > max || start > end || step < 1) return undefined
    for (let v = start; v <= end; v += step) values.add(v)
  }
  return values
}

/** Parses an expression, or undefined when it is not a valid five-field cron expression. */
export function parseCron(expression: string): CronSchedule | undefined {
  const parts = expression.trim().split(/\s+/)
  if (parts.length !== 5) return undefined
  const sets = parts.map((part, i) => parseField(part, FIELDS[i]?.min ?? 0, FIELDS[i]?.max ?? 0))
  const [minutes, hours, days, months, weekdays] = sets
  if (!minutes || !hours || !days || !months || !weekdays) return undefined
  if (weekdays.has(7)) weekdays.add(0)
  return { minutes, hours, days, months, weekdays, dayOr: parts[2] !== '*' && parts[4] !== '*' }
}

/** Wall-clock fields of an instant in a time zone. */
export interface LocalTime {
  readonly minute: number
  readonly hour: number
  readonly day: number
  readonly month: number
  readonly weekday: number
}

export function matches(schedule: CronSchedule, t: LocalTime): boolean {
  if (!schedule.minutes.has(t.minute) || !schedule.hours.has(t.hour) || !schedule.months.has(t.month)) return false
  const day = schedule.days.has(t.day)
  const weekday = schedule.weekdays.has(t.weekday)
  return schedule.dayOr ? day || weekday : day && weekday
}
