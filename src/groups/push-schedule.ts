import { matches, parseCron } from './cron-expression.js'
import { localTime } from './local-time.js'

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
  const schedule = parseCron(cleaned)
  if (!schedule || !validate(cleaned)) return { ok: false, problem: `「${text.trim()}」不是有效的时间或 cron 表达式（分 时 日 月 周，例如 0 9,21 * * *）` }
  const perDay = schedule.minutes.size * schedule.hours.size
  if (perDay > 24) return { ok: false, problem: '这个表达式每天发单超过 24 次，太频繁了，账号容易被限制' }
  return { ok: true, expressions: [cleaned.split(/\s+/).join(' ')] }
}

/** Whether any of the expressions is due at this minute in the time zone. */
export function isDue(expressions: readonly string[], at: Date, timeZone: string): boolean {
  const t = localTime(at, timeZone)
  return expressions.some((e) => {
    const schedule = parseCron(e)
    return schedule !== undefined && matches(schedule, t)
  })
}

/** The next minute (after `from`) any expression is due, within a year; undefined if never. */
export function nextDue(expressions: readonly string[], from: Date, timeZone: string): Date | undefined {
  const schedules = expressions.flatMap((e) => parseCron(e) ?? [])
  if (schedules.length === 0) return undefined
  let at = Math.floor(from.getTime() / 60_000) * 60_000 + 60_000
  const until = at + 366 * 86_400_000
  while (at < until) {
    const t = localTime(new Date(at), timeZone)
    if (schedules.some((s) => matches(s, t))) return new Date(at)
    // Skip the rest of an hour no schedule fires in.
    at += schedules.some((s) => s.hours.has(t.hour)) ? 60_000 : (60 - t.minute) * 60_000
  }
  return undefined
}
