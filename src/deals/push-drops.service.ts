import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { markPushDropped } from '../groups/push-history.repository.js'
import { createLogger } from '../shared/log.js'

const log = createLogger('pushes')

/**
 * The outbox dropped a push (quiet hours in drop mode, the daily cap): its
 * history row is marked so 发单报表 does not count it and the scheduler may
 * push the item to that group again.
 */
export async function pushDropped(db: Kysely<Database>, push: { roomId: string; slot: string; reason: string }): Promise<void> {
  if (await markPushDropped(db, push.roomId, push.slot, push.reason)) log.info('push dropped by the outbox, history marked', push)
}
