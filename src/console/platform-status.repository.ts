import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'

/** One platform's order-sync cursor as stored. */
export interface SyncCursorRow {
  readonly platform: Platform
  readonly syncedUntil: Date
  readonly stoppedReason: string | null
  readonly rejectedRows: number
  readonly updatedAt: Date
}

export async function listSyncCursors(db: Kysely<Database>): Promise<SyncCursorRow[]> {
  const rows = await db.selectFrom('order_sync_cursors').selectAll().orderBy('platform').execute()
  return rows.map((r) => ({
    platform: r.platform,
    syncedUntil: r.synced_until,
    stoppedReason: r.stopped_reason,
    rejectedRows: Number(r.rejected_rows),
    updatedAt: r.updated_at,
  }))
}

/** Withdrawals waiting for an operator (pending) and approvals whose payment is not confirmed (paying): count and sum each. */
export async function openWithdrawalTotals(db: Kysely<Database>): Promise<{ status: 'pending' | 'paying'; count: number; sumFen: number }[]> {
  const rows = await db
    .selectFrom('withdrawals')
    .select(['status', (eb) => eb.fn.countAll<string>().as('count'), (eb) => eb.fn.sum<string>('amount_fen').as('sum')])
    .where('status', 'in', ['pending', 'paying'])
    .groupBy('status')
    .execute()
  return rows.map((r) => ({ status: r.status as 'pending' | 'paying', count: Number(r.count), sumFen: Number(r.sum ?? 0) }))
}
