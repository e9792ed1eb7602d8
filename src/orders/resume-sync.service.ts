import type { Kysely } from 'kysely'
import { recordAudit, type AuditActor } from '../audit/audit.repository.js'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'
import { createLogger } from '../shared/log.js'
import { resumeStoppedSyncs } from './sync-cursor.repository.js'

const log = createLogger('order-sync')

export type ResumeSyncOutcome =
  | { readonly kind: 'resumed'; readonly platforms: readonly Platform[] }
  /** Nothing was stopped (for the platform named, or at all). */
  | { readonly kind: 'none-stopped'; readonly platform?: Platform }

/**
 * An operator resumes order sync stopped by an auth or permission error
 * (after fixing the keys): the next scheduler tick syncs again from where
 * the platform stopped, so nothing in between is missed. With `audit`, each
 * platform resumed is an audit row (stopped reason → running) in the same
 * transaction; a platform that was not stopped changes nothing and is not
 * recorded.
 */
export async function resumeSync(
  db: Kysely<Database>,
  operatorId: string,
  which: Platform | 'all',
  audit?: { readonly actor: AuditActor; readonly reason?: string },
): Promise<ResumeSyncOutcome> {
  const resumed = await db.transaction().execute(async (trx) => {
    const rows = await resumeStoppedSyncs(trx, which === 'all' ? undefined : [which])
    if (audit) {
      for (const row of rows) {
        await recordAudit(trx, {
          actor: audit.actor,
          action: 'resume-sync',
          target: { kind: 'platform', id: row.platform },
          before: { stoppedReason: row.stoppedReason },
          after: { stoppedReason: null },
          reason: audit.reason,
        })
      }
    }
    return rows.map((r) => r.platform)
  })
  if (resumed.length === 0) return which === 'all' ? { kind: 'none-stopped' } : { kind: 'none-stopped', platform: which }
  log.info('order sync resumed by an operator', { operator: operatorId, platforms: resumed })
  return { kind: 'resumed', platforms: resumed }
}
