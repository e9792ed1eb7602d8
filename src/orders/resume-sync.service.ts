import type { Kysely } from 'kysely'
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
 * the platform stopped, so nothing in between is missed.
 */
export async function resumeSync(db: Kysely<Database>, operatorId: string, which: Platform | 'all'): Promise<ResumeSyncOutcome> {
  const platforms = await resumeStoppedSyncs(db, which === 'all' ? undefined : [which])
  if (platforms.length === 0) return which === 'all' ? { kind: 'none-stopped' } : { kind: 'none-stopped', platform: which }
  log.info('order sync resumed by an operator', { operator: operatorId, platforms })
  return { kind: 'resumed', platforms }
}
