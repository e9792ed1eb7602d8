import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { groupsOwnedBy } from '../groups/owner-report.repository.js'
import type { Platform } from '../links/parsed-link.js'
import { PLATFORMS } from '../links/parsed-link.js'
import { promotedByAllowanceMs } from '../orders/promoted-by.js'
import { funnelFigures, NO_COUNTS, type FunnelCounts, type FunnelFigures } from './funnel.js'
import { funnelCounts, pushLabels, setMemberCount, type FunnelDimension, type PushLabel } from './funnel.repository.js'
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
  const counts = await funnelCounts(
    deps.db,
    { ...period, rooms, timeZone: deps.timeZone, allowanceMs: promotedByAllowanceMs(deps.clockSkewMs) },
    dimension,
  )
  if (dimension === 'total' && counts.size === 0) counts.set('', NO_COUNTS)
  const keys = [...counts.keys()].sort((a, b) => (dimension === 'hour' || dimension === 'push' ? Number(a) - Number(b) : a.localeCompare(b)))
  return keys.map((key) => {
    const c = counts.get(key) ?? NO_COUNTS
    return { key, counts: c, figures: funnelFigures(c) }
  })
}

/** The figures of a whole period (all buckets in one). */
async function totalFigures(deps: FunnelDeps, period: Period, rooms?: readonly string[]): Promise<FunnelFigures> {
  const [total] = await funnel(deps, period, 'total', rooms)
  return total?.figures ?? funnelFigures(NO_COUNTS)
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
  return { groups: groups.length, yesterday: await totalFigures(deps, yesterday, rooms), month: await totalFigures(deps, month, rooms) }
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
  return { today: await operatorPeriod(deps, today), week: await operatorPeriod(deps, week) }
}

async function operatorPeriod(deps: FunnelDeps, period: Period): Promise<OperatorPeriodReport> {
  const byPlatform = new Map((await funnel(deps, period, 'platform')).map((b) => [b.key, b.figures]))
  return {
    total: await totalFigures(deps, period),
    platforms: PLATFORMS.map((platform) => ({ platform, figures: byPlatform.get(platform) ?? funnelFigures(NO_COUNTS) })),
  }
}

/** The bot counted a group's members: CTR's denominator from now on. False when the group is not recorded. */
export async function recordGroupMemberCount(db: Kysely<Database>, roomId: string, count: number, at: Date = new Date()): Promise<boolean> {
  if (!Number.isSafeInteger(count) || count < 0) return false
  return setMemberCount(db, roomId, count, at)
}
