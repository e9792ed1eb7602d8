import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { OrderFeed, OrderWindow, PlatformOrder } from '../platforms/order-feed.js'
import { PlatformAuthError } from '../platforms/platform-errors.js'
import { createLogger } from '../shared/log.js'
import { storeOrders, type CreditRequest } from './store-orders.service.js'
import { advanceSyncCursor, readSyncCursor, stopSync } from './sync-cursor.repository.js'
import { syncWindows } from './sync-windows.js'

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
}

export interface SyncRunResult {
  readonly windows: number
  readonly rows: number
  readonly stored: number
  readonly rejected: number
  readonly stopped?: string
}

export class OrderSyncStoppedError extends Error {}

/**
 * One sync run for one platform: walk windows by update time from the
 * stored cursor, store every page (status machine applied), ask for each
 * page's rows to be credited, and only then move the cursor past the window.
 * Everything downstream is idempotent, so re-reading a window is harmless.
 * @throws OrderSyncStoppedError after an auth error (the sync stays stopped until restart)
 */
export async function syncOrders(deps: OrderSyncDeps): Promise<SyncRunResult> {
  const { feed } = deps
  const cursor = await readSyncCursor(deps.db, feed.platform)
  if (cursor?.stoppedReason) {
    log.warn('order sync is stopped; fix the keys and restart', { platform: feed.platform, reason: cursor.stoppedReason })
    return { windows: 0, rows: 0, stored: 0, rejected: 0, stopped: cursor.stoppedReason }
  }
  const now = deps.now()
  const from = cursor ? new Date(cursor.syncedUntil.getTime() - deps.overlapMs) : new Date(now.getTime() - deps.initialLookbackMs)
  const windows = syncWindows(from, now, feed.maxWindowMs, deps.maxWindowsPerRun)
  let rows = 0
  let stored = 0
  let rejected = 0
  for (const window of windows) {
    try {
      const result = await syncWindow(deps, window)
      rows += result.rows
      stored += result.stored
      rejected += result.rejected
    } catch (error) {
      if (error instanceof PlatformAuthError) {
        await stopSync(deps.db, feed.platform, error.message, cursor?.syncedUntil ?? from)
        log.error('order sync stopped: the platform refused our credentials', { platform: feed.platform, error })
        throw new OrderSyncStoppedError(`${feed.platform} order sync stopped: ${error.message}`)
      }
      throw error
    }
    await advanceSyncCursor(deps.db, feed.platform, window.end)
  }
  return { windows: windows.length, rows, stored, rejected }
}

/** Rows are stored and queued for crediting in batches of this many (and at the end of every window). */
const BATCH_ROWS = 1000

async function syncWindow(deps: OrderSyncDeps, window: OrderWindow): Promise<{ rows: number; stored: number; rejected: number }> {
  let cursor: string | undefined
  let rows = 0
  let stored = 0
  let rejected = 0
  let batch: PlatformOrder[] = []
  const flush = async (): Promise<void> => {
    const requests = await storeOrders(deps.db, batch)
    stored += requests.stored
    await deps.enqueueCredit(requests.credit)
    batch = []
  }
  do {
    const page = await deps.feed.fetchOrderPage(window, cursor)
    for (const bad of page.rejected) {
      log.warn('skipped a malformed order row', { platform: deps.feed.platform, reason: bad.reason, raw: truncate(bad.raw) })
    }
    rejected += page.rejected.length
    rows += page.orders.length
    batch.push(...page.orders)
    if (batch.length >= BATCH_ROWS) await flush()
    cursor = page.nextCursor
  } while (cursor !== undefined)
  if (batch.length > 0) await flush()
  return { rows, stored, rejected }
}

function truncate(raw: unknown): string {
  const text = JSON.stringify(raw) ?? String(raw)
  return text.length > 300 ? `${text.slice(0, 300)}…` : text
}
