import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { forgetNotices, takeNotices } from './notice-outbox.repository.js'
import type { Notice } from './notice.js'

export interface NoticeRelayDeps {
  readonly db: Kysely<Database>
  /** Queues messages on the chat outbox; a notice handed over twice is queued once (its dedupe key). */
  readonly enqueue: (notices: readonly Notice[]) => Promise<void>
  /** Messages the chat outbox has yet to send. */
  readonly pending: () => Promise<number>
  /**
   * The outbox is topped up to this many messages and no further: it sends a
   * few a second at most, so the rest of a burst waits in the database.
   */
  readonly highWater: number
}

const TAKE = 500

/**
 * Hands committed notices to the chat outbox, oldest first, until it holds
 * `highWater` messages or none are left; returns how many moved. Each batch
 * is deleted in the transaction that locked it, after the outbox accepted
 * it: a crash in between hands the batch over again, and the outbox's dedupe
 * keys make that harmless.
 */
export async function relayNotices(deps: NoticeRelayDeps): Promise<number> {
  let moved = 0
  for (;;) {
    const room = deps.highWater - (await deps.pending())
    if (room <= 0) return moved
    const taken = await deps.db.transaction().execute(async (trx) => {
      const notices = await takeNotices(trx, Math.min(room, TAKE))
      if (notices.length === 0) return 0
      await deps.enqueue(notices)
      await forgetNotices(
        trx,
        notices.map((n) => n.id),
      )
      return notices.length
    })
    if (taken === 0) return moved
    moved += taken
  }
}
