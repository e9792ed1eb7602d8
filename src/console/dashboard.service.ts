import { atLocalTime, localDigits } from '../groups/local-time.js'
import { funnelFigures, NO_COUNTS, type FunnelCounts, type FunnelFigures } from '../reports/funnel.js'
import { funnel } from '../reports/funnel.service.js'
import { lastDays } from '../reports/periods.js'
import type { ConsoleReadDeps } from './console-read-deps.js'
import { accountStatus, openWithdrawals, platformSyncStatus, type AccountStatusView, type OpenWithdrawals, type PlatformSyncView, type PushCapOptions } from './platform-status.service.js'

/** The dashboard's periods: today so far, and the last 7 and 30 local days (today included). */
export const DASHBOARD_PERIODS = [
  { key: 'today', days: 1 },
  { key: 'week', days: 7 },
  { key: 'month', days: 30 },
] as const

export type DashboardPeriodKey = (typeof DASHBOARD_PERIODS)[number]['key']

/** One local day of the 30-day series. */
export interface DailyPoint {
  /** YYYY-MM-DD in the configured time zone. */
  readonly day: string
  readonly figures: FunnelFigures
}

export interface Dashboard {
  readonly periods: readonly { readonly key: DashboardPeriodKey; readonly days: number; readonly figures: FunnelFigures }[]
  /** The last 30 local days, oldest first, every day present (zeros included). */
  readonly daily: readonly DailyPoint[]
  readonly withdrawals: OpenWithdrawals
  readonly sync: readonly PlatformSyncView[]
  readonly accounts: readonly AccountStatusView[]
}

const DAY_MS = 86_400_000

/** Two buckets' counts together: every count is a sum (visitors are already summed per day), so days add up. */
function addCounts(a: FunnelCounts, b: FunnelCounts): FunnelCounts {
  return {
    pushes: a.pushes + b.pushes,
    reach: a.reach + b.reach,
    views: a.views + b.views,
    visitors: a.visitors + b.visitors,
    reachedVisitors: a.reachedVisitors + b.reachedVisitors,
    copies: a.copies + b.copies,
    opens: a.opens + b.opens,
    orders: [...a.orders, ...b.orders],
    rebatesFen: a.rebatesFen + b.rebatesFen,
    sharesFen: a.sharesFen + b.sharesFen,
  }
}

/** The local days of the last `days` days, oldest first (noon of each day, so DST never skips or repeats one). */
function dayKeys(now: Date, days: number, timeZone: string): string[] {
  const noon = atLocalTime(now, 12, 0, timeZone).getTime()
  return Array.from({ length: days }, (_, i) => {
    const d = localDigits(new Date(noon - (days - 1 - i) * DAY_MS), timeZone)
    return `${d.year}-${d.month}-${d.day}`
  })
}

/**
 * The dashboard: the funnel of today, 7 and 30 days with the daily series
 * for the chart, open withdrawals, each platform's sync and each account.
 * The funnel is asked once, cut by local day over 30 days, and the periods
 * are sums of their days: its counts are sums of events at their own times
 * (visitors already per day), so a period's counts are its days' counts
 * added, and one cut serves the chart and all three periods.
 */
export async function dashboard(deps: ConsoleReadDeps & { readonly caps: PushCapOptions }, now: Date): Promise<Dashboard> {
  const longest = DASHBOARD_PERIODS[DASHBOARD_PERIODS.length - 1]?.days ?? 30
  const buckets = new Map((await funnel(deps, lastDays(now, longest, deps.timeZone), 'day')).map((b) => [b.key, b.counts]))
  const days = dayKeys(now, longest, deps.timeZone).map((day) => ({ day, counts: buckets.get(day) ?? NO_COUNTS }))
  const periods = DASHBOARD_PERIODS.map(({ key, days: n }) => ({
    key,
    days: n,
    figures: funnelFigures(days.slice(-n).reduce((sum, d) => addCounts(sum, d.counts), NO_COUNTS)),
  }))
  return {
    periods,
    daily: days.map((d) => ({ day: d.day, figures: funnelFigures(d.counts) })),
    withdrawals: await openWithdrawals(deps.db),
    sync: await platformSyncStatus(deps.db, now),
    accounts: await accountStatus(deps.db, now, deps.caps),
  }
}
