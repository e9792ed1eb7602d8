import type { PlatformOrder } from '../platforms/order-feed.js'
import { acceptsReport } from './order-status.js'

/** The stored fields a report may change (a subset of the order row, in plain numbers). */
export interface StoredOrderState {
  readonly status: PlatformOrder['status']
  readonly estimatedCommissionFen: number
  readonly settledCommissionFen: number | null
  readonly platformUpdatedAt: Date
}

export type ReportVerdict = 'new' | 'changed' | 'unchanged' | 'stale'

/**
 * How a platform's report of a row relates to what we hold: a new row, a
 * change to store, a replay of what we have, or a stale report (older than
 * what we hold, or moving the status backwards) to ignore.
 */
export function judgeReport(stored: StoredOrderState | undefined, report: PlatformOrder): ReportVerdict {
  if (!stored) return 'new'
  if (report.updatedAt.getTime() < stored.platformUpdatedAt.getTime()) return 'stale'
  if (!acceptsReport(stored.status, report.status)) return 'stale'
  const same =
    stored.status === report.status &&
    stored.estimatedCommissionFen === report.estimatedCommissionFen &&
    stored.settledCommissionFen === report.settledCommissionFen
  return same ? 'unchanged' : 'changed'
}
