import { formatJdTimestamp } from './jd-form.js'

const JD_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/
const JD_DAY = /^(\d{4})(\d{2})(\d{2})$/

/**
 * A JOS time (`yyyy-MM-dd HH:mm:ss`, Beijing time) → Date; null when it is
 * malformed or not a real clock time (the round trip refuses 2024-02-30).
 */
export function parseJdTime(text: string): Date | null {
  if (!JD_TIME.test(text)) return null
  const date = new Date(`${text.replace(' ', 'T')}+08:00`)
  return !Number.isNaN(date.getTime()) && formatJdTimestamp(date) === text ? date : null
}

/** The Beijing calendar day of a moment as JD writes days in `payMonth`: yyyyMMdd as a number. */
export function jdDay(date: Date): number {
  return Number(formatJdTimestamp(date).slice(0, 10).replaceAll('-', ''))
}

/** Midnight (Beijing) that starts a yyyyMMdd day; null when the number is no real date. */
export function jdDayStart(day: number): Date | null {
  const match = JD_DAY.exec(String(day))
  return match ? parseJdTime(`${match[1]}-${match[2]}-${match[3]} 00:00:00`) : null
}
