import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { groupsOwnedBy } from '../groups/owner-report.repository.js'
import type { Platform } from '../links/parsed-link.js'
import { PLATFORMS } from '../links/parsed-link.js'
import { promotedByAllowanceMs } from '../orders/promoted-by.js'
import { localTime } from '../groups/local-time.js'
import { addCounts, funnelFigures, NO_COUNTS, type FunnelCounts, type FunnelFigures } from './funnel.js'
import { funnelCounts, funnelCountsByDay, pushLabels, setMemberCount, type FunnelDimension, type PushLabel } from './funnel.repository.js'
import { operatorPeriods, ownerPeriods, type Period } from './periods.js'

export interface FunnelDeps {
  readonly db: Kysely<Database>
  /** TIME_ZONE: days and hours of day are wall-clock here. */
  readonly timeZone: string
  readonly clockSkewMs?: number | undefined
}

/** One bucket of a cut: its key (room id, push id, hour 0–23, platform, YYYY-MM-DD, or '' for all), counts and figures. */
export interface FunnelBucket {
  readonly key: string
  readonly counts: FunnelCounts
  readonly figures: FunnelFigures
}

/**
 * The funnel over a period, cut by one dimension, for the whole bot or only
 * some groups; buckets in key order (hours numerically). The 'total' cut
 * always has its one bucket, zeros included.
 */
export async function funnel(deps: FunnelDeps, period: Period, dimension: FunnelDimension, rooms?: readonly string[]): Promise<FunnelBucket[]> {
  const counts = await funnelCounts(deps.db, scope(deps, period, rooms), dimension)
  if (dimension === 'total' && counts.size === 0) counts.set('', NO_COUNTS)
  const keys = [...counts.keys()].sort((a, b) => (dimension === 'hour' || dimension === 'push' ? Number(a) - Number(b) : a.localeCompare(b)))
  return keys.map((key) => {
    const c = counts.get(key) ?? NO_COUNTS
    return { key, counts: c, figures: funnelFigures(c) }
  })
}

/** The funnel of each push in a period, with what each push was, in the order they were sent. */
export async function funnelByPush(deps: FunnelDeps, period: Period, rooms?: readonly string[]): Promise<(FunnelBucket & { push: PushLabel })[]> {
  const buckets = new Map((await funnel(deps, period, 'push', rooms)).map((b) => [b.key, b]))
  const labels = await pushLabels(deps.db, [...buckets.keys()])
  return labels.flatMap((push) => {
    const bucket = buckets.get(push.id)
    return bucket ? [{ ...bucket, push }] : []
  })
}

export interface OwnerFunnelReport {
  readonly groups: number
  readonly yesterday: FunnelFigures
  readonly month: FunnelFigures
}

/** 发单报表: the owner's groups together, yesterday and this month; undefined when they own no group the bot knows. */
export async function ownerFunnelReport(deps: FunnelDeps, contactId: string, now: Date): Promise<OwnerFunnelReport | undefined> {
  const groups = await groupsOwnedBy(deps.db, contactId)
  if (groups.length === 0) return undefined
  const rooms = groups.map((g) => g.room_id)
  const { yesterday, month } = ownerPeriods(now, deps.timeZone)
  // One pass over both periods (yesterday lies in this month except on the 1st), added up per day.
  const span = { from: new Date(Math.min(yesterday.from.getTime(), month.from.getTime())), to: month.to }
  const days = (await funnelCountsByDay(deps.db, scope(deps, span, rooms))).get('')
  return {
    groups: groups.length,
    yesterday: funnelFigures(sumDays(days, yesterday, deps.timeZone)),
    month: funnelFigures(sumDays(days, month, deps.timeZone)),
  }
}

export interface OperatorPeriodReport {
  readonly total: FunnelFigures
  /** Every platform, in the usual order, zeros included. */
  readonly platforms: readonly { readonly platform: Platform; readonly figures: FunnelFigures }[]
}

export interface OperatorFunnelReport {
  readonly today: OperatorPeriodReport
  readonly week: OperatorPeriodReport
}

/** 数据: the whole bot, today and the last 7 days, in all and per platform. */
export async function operatorFunnelReport(deps: FunnelDeps, now: Date): Promise<OperatorFunnelReport> {
  const { today, week } = operatorPeriods(now, deps.timeZone)
  // The week holds today: one pass over the week, per day and platform, added up for each.
  const days = await funnelCountsByDay(deps.db, scope(deps, week))
  const period = (p: Period): OperatorPeriodReport => ({
    total: funnelFigures(sumDays(days.get(''), p, deps.timeZone)),
    platforms: PLATFORMS.map((platform) => ({ platform, figures: funnelFigures(sumDays(days.get(platform), p, deps.timeZone)) })),
  })
  return { today: period(today), week: period(week) }
}

/** One local day of the funnel, for all platforms together and for each. */
export interface FunnelDay {
  /** YYYY-MM-DD in TIME_ZONE. */
  readonly day: string
  readonly total: FunnelFigures
  readonly platforms: Readonly<Record<Platform, FunnelFigures>>
}

/** The funnel of each local day of a period (whole days), oldest first, days without events included (charts). */
export async function funnelDays(deps: FunnelDeps, period: Period, rooms?: readonly string[]): Promise<FunnelDay[]> {
  const days = await funnelCountsByDay(deps.db, scope(deps, period, rooms))
  const result: FunnelDay[] = []
  const last = dayKey(new Date(period.to.getTime() - 1), deps.timeZone)
  // Noon steps cannot skip or repeat a local day across a DST change.
  for (let at = period.from.getTime() + 12 * 3_600_000, day = dayKey(period.from, deps.timeZone); day <= last; at += 86_400_000, day = dayKey(new Date(at), deps.timeZone)) {
    const figures = (platform: string) => funnelFigures(days.get(platform)?.get(day) ?? NO_COUNTS)
    result.push({ day, total: figures(''), platforms: { taobao: figures('taobao'), jd: figures('jd'), pdd: figures('pdd') } })
  }
  return result
}

function scope(deps: FunnelDeps, period: Period, rooms?: readonly string[]) {
  return { ...period, rooms, timeZone: deps.timeZone, allowanceMs: promotedByAllowanceMs(deps.clockSkewMs) }
}

/** YYYY-MM-DD of an instant in the zone (the format the database's day keys use). */
function dayKey(at: Date, timeZone: string): string {
  const t = localTime(at, timeZone)
  return `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`
}

/** The counts of the days of a whole-day period. */
function sumDays(days: ReadonlyMap<string, FunnelCounts> | undefined, period: Period, timeZone: string): FunnelCounts {
  const first = dayKey(period.from, timeZone)
  const last = dayKey(new Date(period.to.getTime() - 1), timeZone)
  let total = NO_COUNTS
  for (const [day, counts] of days ?? []) if (day >= first && day <= last) total = addCounts(total, counts)
  return total
}

/** The bot counted a group's members: CTR's denominator from now on. False when the group is not recorded. */
export async function recordGroupMemberCount(db: Kysely<Database>, roomId: string, count: number, at: Date = new Date()): Promise<boolean> {
  if (!Number.isSafeInteger(count) || count < 0) return false
  return setMemberCount(db, roomId, count, at)
}
