import { atLocalTime, localDigits } from '../groups/local-time.js'
import { addCounts, funnelFigures, NO_COUNTS, type FunnelCounts, type FunnelFigures } from '../reports/funnel.js'
import { funnel } from '../reports/funnel.service.js'
import { lastDays } from '../reports/periods.js'
import type { ConsoleReadDeps } from './console-read-deps.js'
import { orderSumsByDay } from './order-totals.repository.js'
import { accountStatus, openWithdrawals, platformSyncStatus, type AccountStatusView, type OpenWithdrawals, type PlatformSyncView, type PushCapOptions } from './platform-status.service.js'

/** The dashboard's periods: today so far, and the last 7 and 30 local days (today included). */
export const DASHBOARD_PERIODS = [
  { key: 'today', days: 1 },
  { key: 'week', days: 7 },
  { key: 'month', days: 30 },
] as const

export type DashboardPeriodKey = (typeof DASHBOARD_PERIODS)[number]['key']

/** What one day or period shows. */
export interface DashboardFigures {
  /** The push funnel (README "The funnel: definitions"): pushes, their clicks and the orders they brought. */
  readonly funnel: FunnelFigures
  /**
   * Every order paid in the span, however it came (reply links, pushes,
   * claims, unattributed), by the funnel's rules; only the order, money and
   * margin figures mean anything here (no clicks).
   */
  readonly allOrders: FunnelFigures
}

/** One local day of the 30-day series. */
export interface DailyPoint extends DashboardFigures {
  /** YYYY-MM-DD in the configured time zone. */
  readonly day: string
}

export interface DashboardPeriod extends DashboardFigures {
  readonly key: DashboardPeriodKey
  readonly days: number
}

export interface Dashboard {
  readonly periods: readonly DashboardPeriod[]
  /** The last 30 local days, oldest first, every day present (zeros included). */
  readonly daily: readonly DailyPoint[]
  readonly withdrawals: OpenWithdrawals
  readonly sync: readonly PlatformSyncView[]
  readonly accounts: readonly AccountStatusView[]
}

const DAY_MS = 86_400_000

/** The local days of the last `days` days, oldest first (noon of each day, so DST never skips or repeats one). */
function dayKeys(now: Date, days: number, timeZone: string): string[] {
  const noon = atLocalTime(now, 12, 0, timeZone).getTime()
  return Array.from({ length: days }, (_, i) => {
    const d = localDigits(new Date(noon - (days - 1 - i) * DAY_MS), timeZone)
    return `${d.year}-${d.month}-${d.day}`
  })
}

/**
 * The dashboard: every order and the push funnel of today, 7 and 30 days
 * with the daily series for the chart, open withdrawals, each platform's
 * sync and each account.
 * The funnel is asked once, cut by local day over 30 days, and the periods
 * are sums of their days: its counts are sums of events at their own times
 * (visitors already per day), so a period's counts are its days' counts
 * added, and one cut serves the chart and all three periods.
 */
export async function dashboard(deps: ConsoleReadDeps & { readonly caps: PushCapOptions }, now: Date): Promise<Dashboard> {
  const longest = DASHBOARD_PERIODS[DASHBOARD_PERIODS.length - 1]?.days ?? 30
  const span = lastDays(now, longest, deps.timeZone)
  const buckets = new Map((await funnel(deps, span, 'day')).map((b) => [b.key, b.counts]))
  const orderBuckets = new Map<string, FunnelCounts>()
  for (const sums of await orderSumsByDay(deps.db, { ...span, timeZone: deps.timeZone })) {
    const counts: FunnelCounts = { ...NO_COUNTS, orders: [sums], rebatesFen: sums.rebatesFen, sharesFen: sums.sharesFen }
    orderBuckets.set(sums.day, addCounts(orderBuckets.get(sums.day) ?? NO_COUNTS, counts))
  }
  const days = dayKeys(now, longest, deps.timeZone).map((day) => ({ day, funnel: buckets.get(day) ?? NO_COUNTS, allOrders: orderBuckets.get(day) ?? NO_COUNTS }))
  const periods = DASHBOARD_PERIODS.map(({ key, days: n }) => {
    const recent = days.slice(-n)
    return {
      key,
      days: n,
      funnel: funnelFigures(recent.reduce((sum, d) => addCounts(sum, d.funnel), NO_COUNTS)),
      allOrders: funnelFigures(recent.reduce((sum, d) => addCounts(sum, d.allOrders), NO_COUNTS)),
    }
  })
  return {
    periods,
    daily: days.map((d) => ({ day: d.day, funnel: funnelFigures(d.funnel), allOrders: funnelFigures(d.allOrders) })),
    withdrawals: await openWithdrawals(deps.db),
    sync: await platformSyncStatus(deps.db, now),
    accounts: await accountStatus(deps.db, now, deps.caps),
  }
}
