import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { within } from '../shared/within.js'
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
  /** Redis may hang rather than fail: a call to it not answered by then fails the pass (retried later). Default 10 s. */
  readonly enqueueTimeoutMs?: number
}

const TAKE = 500

/**
 * Hands committed notices to the chat outbox, oldest first, until it holds
 * `highWater` messages or none are left; returns how many moved. Each batch
 * is deleted in the transaction that locked it, after the outbox accepted
 * it: a crash in between (or an outbox answering after the timeout) hands
 * the batch over again, and the outbox's dedupe keys make that harmless.
 * Relays in several processes share the rows (SKIP LOCKED), but each fills
 * the room it saw, so together they may overshoot `highWater`.
 */
export async function relayNotices(deps: NoticeRelayDeps): Promise<number> {
  let moved = 0
  for (;;) {
    const timeoutMs = deps.enqueueTimeoutMs ?? 10_000
    const room = deps.highWater - (await within(deps.pending(), timeoutMs, 'the chat outbox'))
    if (room <= 0) return moved
    const taken = await deps.db.transaction().execute(async (trx) => {
      const notices = await takeNotices(trx, Math.min(room, TAKE))
      if (notices.length === 0) return 0
      // Redis may hang rather than fail; the transaction must not wait for it forever.
      await within(deps.enqueue(notices), timeoutMs, 'the chat outbox')
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
