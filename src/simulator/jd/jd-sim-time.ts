/**
 * JD's clock: every time on the wire is Beijing time (GMT+8) without a zone.
 * Kept apart from the adapter's helpers so a shared mistake cannot hide.
 */
const BEIJING_OFFSET_MS = 8 * 3_600_000
const TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/

const beijingIso = (date: Date): string => new Date(date.getTime() + BEIJING_OFFSET_MS).toISOString()

/** `yyyy-MM-dd HH:mm:ss` in Beijing time. */
export function beijingTime(date: Date): string {
  const iso = beijingIso(date)
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`
}

/** The Beijing day as a yyyyMMdd number, as `payMonth` carries it. */
export function beijingDay(date: Date): number {
  return Number(beijingIso(date).slice(0, 10).replaceAll('-', ''))
}

/** The 20th of the month after the moment's Beijing month: JD's usual settlement day. */
export function twentiethOfNextMonth(date: Date): number {
  const iso = beijingIso(date)
  const year = Number(iso.slice(0, 4))
  const month = Number(iso.slice(5, 7))
  return month === 12 ? (year + 1) * 10_000 + 120 : year * 10_000 + (month + 1) * 100 + 20
}

/** A `yyyy-MM-dd HH:mm:ss` Beijing time → Date; undefined for a malformed or impossible one. */
export function parseBeijingTime(text: string): Date | undefined {
  const match = TIME.exec(text)
  if (!match) return undefined
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number]
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second) - BEIJING_OFFSET_MS)
  return beijingTime(date) === text ? date : undefined
}
