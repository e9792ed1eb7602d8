import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'
import type { OrderFeed, OrderWindow, PlatformOrder, PlatformRefund, RejectedOrderRow } from '../platforms/order-feed.js'
import { OrderWindowTooLongError, PlatformAuthError, PlatformPermissionError } from '../platforms/platform-errors.js'
import { count } from '../metrics/metrics.js'
import { createLogger } from '../shared/log.js'
import { OncePer } from '../shared/once-per.js'
import type { CreditRequest } from './credit-request.js'
import { storeOrders } from './store-orders.service.js'
import { storeRefunds } from './store-refunds.service.js'
import { advanceSyncCursor, countRejectedRows, readSyncCursor, stopSync } from './sync-cursor.repository.js'

const log = createLogger('order-sync')

export interface OrderSyncDeps {
  readonly db: Kysely<Database>
  readonly feed: OrderFeed
  readonly now: () => Date
  /** Each run re-reads this much before the cursor: rows written late on the platform's side are not missed. */
  readonly overlapMs: number
  /** Where a platform without a cursor starts. */
  readonly initialLookbackMs: number
  /** Bounds one run; the next run continues from the cursor. */
  readonly maxWindowsPerRun: number
  readonly enqueueCredit: (requests: readonly CreditRequest[]) => Promise<void>
  /** Where refused window lengths are remembered; the process-wide memory unless a test brings its own. */
  readonly windowMemory?: WindowMemory
}

export interface SyncRunResult {
  readonly windows: number
  readonly rows: number
  readonly stored: number
  readonly rejected: number
  /** Refund reports read (Taobao's refund feed), and how many of them were applied to their orders. */
  readonly refunds?: number
  readonly refundsApplied?: number
  readonly stopped?: string
}

export class OrderSyncStoppedError extends Error {}

/** A stopped sync is mentioned once an hour, not on every run. */
const stoppedNotices = new OncePer(3_600_000)

/**
 * How long a platform's shortened window holds after it refused a longer
 * one (Taobao big sales last days): past it the full window is tried again,
 * at the cost of one refused call an hour.
 */
const SHRINK_HOLD_MS = 3_600_000
/** Never shrink below this: a platform refusing a minute is not a window problem. */
const MIN_WINDOW_MS = 60_000

/** The shorter windows platforms asked for lately (one per platform, held for an hour). */
export class WindowMemory {
  readonly #shrunk = new Map<Platform, { maxMs: number; until: number }>()

  limit(feed: OrderFeed, now: number): number {
    const shrunk = this.#shrunk.get(feed.platform)
    if (!shrunk || shrunk.until <= now) return feed.maxWindowMs
    return Math.min(feed.maxWindowMs, shrunk.maxMs)
  }

  /** Remembers a shorter window after `window` was refused, or rethrows when it cannot get shorter. */
  shrink(platform: Platform, window: OrderWindow, error: OrderWindowTooLongError): number {
    const length = window.end.getTime() - window.start.getTime()
    const half = Math.floor(length / 2)
    const next = Math.max(MIN_WINDOW_MS, Math.min(error.maxWindowMs ?? half, half))
    if (next >= length) throw error
    this.#shrunk.set(platform, { maxMs: next, until: Date.now() + SHRINK_HOLD_MS })
    return next
  }
}

const processWindows = new WindowMemory()

/**
 * One sync run for one platform: walk windows by update time from the
 * stored cursor, store every page (status machine applied; refunds applied
 * to their orders), ask for each page's rows to be credited, and only then
 * move the cursor past the window. Everything downstream is idempotent, so
 * re-reading a window is harmless. A window the platform refuses as too
 * long is read again in shorter ones.
 * @throws OrderSyncStoppedError after an auth or permission error (the sync stays stopped until an operator resumes it)
 */
export async function syncOrders(deps: OrderSyncDeps): Promise<SyncRunResult> {
  const { feed } = deps
  const cursor = await readSyncCursor(deps.db, feed.platform)
  if (cursor?.stoppedReason) {
    if (stoppedNotices.allow(feed.platform)) {
      log.warn('order sync is stopped; fix the platform setup and restart (said once an hour)', {
        platform: feed.platform,
        reason: cursor.stoppedReason,
      })
    }
    return { windows: 0, rows: 0, stored: 0, rejected: 0, stopped: cursor.stoppedReason }
  }
  const now = deps.now()
  const from = cursor ? new Date(cursor.syncedUntil.getTime() - deps.overlapMs) : new Date(now.getTime() - deps.initialLookbackMs)
  const totals = { windows: 0, rows: 0, stored: 0, rejected: 0, refunds: 0, refundsApplied: 0 }
  const memory = deps.windowMemory ?? processWindows
  let start = from.getTime()
  while (start < now.getTime() && totals.windows < deps.maxWindowsPerRun) {
    const window: OrderWindow = { start: new Date(start), end: new Date(Math.min(now.getTime(), start + memory.limit(feed, Date.now()))) }
    try {
      const result = await syncWindow(deps, window)
      totals.rows += result.rows
      totals.stored += result.stored
      totals.rejected += result.rejected
      totals.refunds += result.refunds
      totals.refundsApplied += result.refundsApplied
    } catch (error) {
      if (error instanceof OrderWindowTooLongError) {
        const windowMs = memory.shrink(feed.platform, window, error)
        log.warn('the platform refused the order window as too long; syncing in shorter windows', {
          platform: feed.platform,
          refusedMs: window.end.getTime() - window.start.getTime(),
          windowMs,
          reason: error.message,
        })
        continue
      }
      if (error instanceof PlatformAuthError) {
        await stopSync(deps.db, feed.platform, error.message, cursor?.syncedUntil ?? from)
        const what = error instanceof PlatformPermissionError ? 'our account lacks a permission' : 'the platform refused our credentials'
        log.error(`order sync stopped: ${what}`, { platform: feed.platform, api: error instanceof PlatformPermissionError ? error.api : undefined, error })
        throw new OrderSyncStoppedError(`${feed.platform} order sync stopped: ${error.message}`)
      }
      throw error
    }
    await advanceSyncCursor(deps.db, feed.platform, window.end)
    totals.windows++
    start = window.end.getTime()
  }
  return totals
}

/** Rows are stored and queued for crediting in batches of this many (and at the end of every window). */
const BATCH_ROWS = 1000

interface WindowResult {
  rows: number
  stored: number
  rejected: number
  refunds: number
  refundsApplied: number
}

async function syncWindow(deps: OrderSyncDeps, window: OrderWindow): Promise<WindowResult> {
  let cursor: string | undefined
  const result: WindowResult = { rows: 0, stored: 0, rejected: 0, refunds: 0, refundsApplied: 0 }
  let batch: PlatformOrder[] = []
  let refunds: PlatformRefund[] = []
  const flush = async (): Promise<void> => {
    // Orders first: a refund in the same batch then finds its order.
    const requests = await storeOrders(deps.db, batch)
    const refunded = await storeRefunds(deps.db, refunds)
    result.stored += requests.stored
    result.refundsApplied += refunded.applied
    await deps.enqueueCredit([...requests.credit, ...refunded.credit])
    batch = []
    refunds = []
  }
  do {
    const page = await deps.feed.fetchOrderPage(window, cursor)
    if (page.rejected.length > 0) await recordRejected(deps, page.rejected, window)
    result.rejected += page.rejected.length
    result.rows += page.orders.length
    result.refunds += page.refunds?.length ?? 0
    batch.push(...page.orders)
    refunds.push(...(page.refunds ?? []))
    if (batch.length + refunds.length >= BATCH_ROWS) await flush()
    cursor = page.nextCursor
  } while (cursor !== undefined)
  if (batch.length > 0 || refunds.length > 0) await flush()
  return result
}

/** Every rejected row is one log line an operator can act on, and counts on the platform's cursor. */
async function recordRejected(deps: OrderSyncDeps, rows: readonly RejectedOrderRow[], window: OrderWindow): Promise<void> {
  for (const bad of rows) {
    log.warn('skipped an order row that failed validation', {
      platform: deps.feed.platform,
      orderId: bad.orderId ?? '(unreadable)',
      field: bad.field ?? '(row)',
      reason: bad.reason,
      raw: truncate(bad.raw),
    })
  }
  await countRejectedRows(deps.db, deps.feed.platform, rows.length, window.start)
  count.rowsRejected(deps.feed.platform, rows.length)
}

function truncate(raw: unknown): string {
  const text = JSON.stringify(raw) ?? String(raw)
  return text.length > 300 ? `${text.slice(0, 300)}…` : text
}
