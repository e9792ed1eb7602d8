import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'

export interface SyncCursor {
  readonly syncedUntil: Date
  readonly stoppedReason: string | null
}

export async function readSyncCursor(db: Kysely<Database>, platform: Platform): Promise<SyncCursor | undefined> {
  const row = await db.selectFrom('order_sync_cursors').selectAll().where('platform', '=', platform).executeTakeFirst()
  return row ? { syncedUntil: row.synced_until, stoppedReason: row.stopped_reason } : undefined
}

/** Moves the cursor forward only (a late, shorter run never moves it back). */
export async function advanceSyncCursor(db: Kysely<Database>, platform: Platform, syncedUntil: Date): Promise<void> {
  await db
    .insertInto('order_sync_cursors')
    .values({ platform, synced_until: syncedUntil, stopped_reason: null })
    .onConflict((oc) =>
      oc.column('platform').doUpdateSet((eb) => ({
        synced_until: eb.fn('greatest', [eb.ref('order_sync_cursors.synced_until'), eb.ref('excluded.synced_until')]),
        updated_at: new Date(),
      })),
    )
    .execute()
}

/**
 * Adds to the platform's count of rejected rows. A platform without a cursor
 * yet gets one at the start of the window being read (never past what is synced).
 */
export async function countRejectedRows(db: Kysely<Database>, platform: Platform, count: number, windowStart: Date): Promise<void> {
  if (count <= 0) return
  await db
    .insertInto('order_sync_cursors')
    .values({ platform, synced_until: windowStart, stopped_reason: null, rejected_rows: count })
    .onConflict((oc) =>
      oc.column('platform').doUpdateSet((eb) => ({
        rejected_rows: eb(eb.ref('order_sync_cursors.rejected_rows'), '+', eb.ref('excluded.rejected_rows')),
        updated_at: new Date(),
      })),
    )
    .execute()
}

export async function stopSync(db: Kysely<Database>, platform: Platform, reason: string, from: Date): Promise<void> {
  await db
    .insertInto('order_sync_cursors')
    .values({ platform, synced_until: from, stopped_reason: reason })
    .onConflict((oc) => oc.column('platform').doUpdateSet({ stopped_reason: reason, updated_at: new Date() }))
    .execute()
}

/**
 * Resumes stopped platforms (all, or those named), their rows locked, and
 * returns each one resumed with the reason it had stopped. Only an operator
 * does this: a stop means the keys or permissions need fixing, which a
 * restart alone does not do.
 */
export async function resumeStoppedSyncs(
  trx: Transaction<Database>,
  platforms?: readonly Platform[],
): Promise<{ platform: Platform; stoppedReason: string }[]> {
  if (platforms?.length === 0) return []
  let stopped = trx.selectFrom('order_sync_cursors').select(['platform', 'stopped_reason']).where('stopped_reason', 'is not', null)
  if (platforms) stopped = stopped.where('platform', 'in', [...platforms])
  const rows = await stopped.orderBy('platform').forUpdate().execute()
  if (rows.length === 0) return []
  await trx
    .updateTable('order_sync_cursors')
    .set({ stopped_reason: null, updated_at: new Date() })
    .where(
      'platform',
      'in',
      rows.map((r) => r.platform),
    )
    .execute()
  return rows.map((r) => ({ platform: r.platform, stoppedReason: r.stopped_reason ?? '' }))
}
