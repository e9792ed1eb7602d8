import { Cron, CronPattern } from 'croner'
import { zoneOffsetMs } from './local-time.js'

export type ScheduleInput = { readonly ok: true; readonly expressions: readonly string[] } | { readonly ok: false; readonly problem: string }

/**
 * What an owner types after 定时发单: a list of clock times ("09:00,12:30
 * 20:00", full-width punctuation forgiven) or one cron expression
 * ("0 9,21 * * *"). Times become one cron expression each. At most 24 times
 * a day: more than that is spam, not a deal group.
 */
export function parseScheduleInput(text: string, validate: (expression: string) => boolean = () => true): ScheduleInput {
  const cleaned = text.trim().replace(/[，、；;]/g, ',').replace(/：/g, ':')
  if (cleaned === '') return { ok: false, problem: '请写上发单时间，例如「定时发单 09:00,12:30,20:00」或 cron 表达式「定时发单 0 9,21 * * *」' }
  if (/^[\d:,\s]+$/.test(cleaned) && cleaned.includes(':')) {
    const times = cleaned.split(/[,\s]+/).filter((t) => t !== '')
    const expressions: string[] = []
    for (const time of times) {
      const match = /^(\d{1,2}):(\d{2})$/.exec(time)
      const hour = Number(match?.[1])
      const minute = Number(match?.[2])
      if (!match || hour > 23 || minute > 59) return { ok: false, problem: `「${time}」不是有效的时间，请用 24 小时制，例如 09:00 或 20:30` }
      expressions.push(`${minute} ${hour} * * *`)
    }
    const unique = [...new Set(expressions)]
    if (unique.length > 24) return { ok: false, problem: '每天最多定时 24 次' }
    return { ok: true, expressions: unique }
  }
  const expression = cleaned.split(/\s+/).join(' ')
  const pattern = parsePattern(expression)
  if (!pattern || !validate(expression)) return { ok: false, problem: `「${text.trim()}」不是有效的时间或 cron 表达式（分 时 日 月 周，例如 0 9,21 * * *）` }
  const perDay = pattern.minute.filter(Boolean).length * pattern.hour.filter(Boolean).length
  if (perDay > 24) return { ok: false, problem: '这个表达式每天发单超过 24 次，太频繁了，账号容易被限制' }
  return { ok: true, expressions: [expression] }
}

/*
 * Evaluation is croner's (time zones, DST, day-of-month OR day-of-week as in
 * Vixie cron). Five fields only (minute precision; a scheduler tick is a
 * minute). `a/n` is read as `a-max/n`, as before croner. `?` is refused:
 * croner replaces it with the current time, so a stored schedule would change
 * meaning with the moment it was parsed.
 */
const OPTIONS = { mode: '5-part', sloppyRanges: true } as const

function parsePattern(expression: string): CronPattern | undefined {
  if (expression.includes('?')) return undefined
  try {
    return new CronPattern(expression, undefined, OPTIONS)
  } catch {
    return undefined
  }
}

// A tick asks about every group: parsing each expression once per process, not once per group per minute.
const schedules = new Map<string, Cron | undefined>()
const SCHEDULE_CACHE_LIMIT = 10_000

/** A schedule to evaluate (never to run: croner starts no timer without a function), or undefined when invalid. */
function scheduleOf(expression: string, timeZone: string): Cron | undefined {
  const key = `${timeZone} ${expression}`
  if (schedules.has(key)) return schedules.get(key)
  const schedule = parsePattern(expression) ? new Cron(expression, { ...OPTIONS, timezone: timeZone }) : undefined
  if (schedules.size >= SCHEDULE_CACHE_LIMIT) schedules.clear()
  schedules.set(key, schedule)
  return schedule
}

/**
 * Whether any of the expressions is due at this minute in the time zone.
 * Where the zone's clock has just jumped forward (a DST gap), croner's rule
 * applies, as in nextDue: a fixed time the gap skipped (02:30) is due at the
 * first minute after it. A time that occurs twice matches both, and the
 * slot (the same local minute) keeps it to one push.
 */
export function isDue(expressions: readonly string[], at: Date, timeZone: string): boolean {
  const minute = new Date(Math.floor(at.getTime() / 60_000) * 60_000)
  const jumped = clockJumpedAt(minute, timeZone)
  return expressions.some((e) => {
    const schedule = scheduleOf(e, timeZone)
    if (!schedule) return false
    if (schedule.match(minute)) return true
    return jumped && schedule.nextRun(new Date(minute.getTime() - 1000))?.getTime() === minute.getTime()
  })
}

let lastJumpCheck = { key: '', jumped: false }

/** Whether the zone's offset changed since the minute before (one check per tick, however many groups ask). */
function clockJumpedAt(minute: Date, timeZone: string): boolean {
  const key = `${timeZone} ${minute.getTime()}`
  if (lastJumpCheck.key !== key) {
    lastJumpCheck = { key, jumped: zoneOffsetMs(minute, timeZone) > zoneOffsetMs(new Date(minute.getTime() - 60_000), timeZone) }
  }
  return lastJumpCheck.jumped
}

const YEAR_MS = 366 * 86_400_000

/** The next minute (after `from`'s minute) any expression is due, within a year; undefined if never. */
export function nextDue(expressions: readonly string[], from: Date, timeZone: string): Date | undefined {
  // The last second of from's minute: a schedule due in the minute `from` falls in is not "next".
  const after = new Date(Math.floor(from.getTime() / 60_000) * 60_000 + 59_000)
  const until = from.getTime() + YEAR_MS
  let next: Date | undefined
  for (const expression of expressions) {
    const at = scheduleOf(expression, timeZone)?.nextRun(after)
    if (at && at.getTime() <= until && (!next || at < next)) next = at
  }
  return next
}
