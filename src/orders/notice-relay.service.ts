import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { routeByAccount } from '../accounts/account-routing.service.js'
import type { Outbox } from '../outbox/outbox.js'
import { type OutboxMessage, OutboxMessageSchema } from '../queue/payloads.js'
import { createLogger } from '../shared/log.js'
import { within } from '../shared/within.js'
import { forgetNotices, markHanded, type StoredNotice, takeNotices } from './notice-outbox.repository.js'

export interface NoticeRelayDeps {
  readonly db: Kysely<Database>
  /**
   * Queues notices never handed over on the chat outbox (a notice queued twice
   * is queued once: its dedupe key). Resolves to the dedupe keys of notices
   * the outbox refuses: they can never be sent, so they are forgotten.
   */
  readonly enqueue: (notices: readonly StoredNotice[], trx: Kysely<Database>) => Promise<readonly string[]>
  /**
   * Hands over again notices handed over long ago and not confirmed sent: the
   * outbox may still hold them (left alone), may have lost them (queued
   * again) or may have given up on them (tried again). Resolves to the dedupe
   * keys of those that need no more handing over: sent (the confirmation was
   * lost) or refused.
   */
  readonly redeliver: (notices: readonly StoredNotice[], trx: Kysely<Database>) => Promise<readonly string[]>
  /** Messages the chat outbox has yet to send. */
  readonly pending: () => Promise<number>
  /**
   * The outbox is topped up to this many messages and no further: it sends a
   * few a second at most, so the rest of a burst waits in the database.
   */
  readonly highWater: number
  /** A notice handed over this long ago and not confirmed sent is handed over again. Default 60 s. */
  readonly rehandAfterMs?: number
  /** Redis may hang rather than fail: a call to it not answered by then fails the pass (retried later). Default 10 s. */
  readonly enqueueTimeoutMs?: number
}

const log = createLogger('notice-relay')
const TAKE = 500
export const DEFAULT_REHAND_AFTER_MS = 60_000

/**
 * Hands committed notices to the chat outbox, oldest first, until it holds
 * `highWater` messages or none are due; returns how many were handed. A
 * notice leaves the table only once the bot confirms it was sent
 * (`confirmNoticeSent`): handing over marks it (`handed_at`), in the
 * transaction that locked the batch, after the outbox accepted it. Redis may
 * lose what it accepted (restarted empty), so a notice handed over
 * `rehandAfterMs` ago and still here is handed over again: the outbox's job
 * id (the dedupe key) keeps that to one message while the job exists, and
 * queues it again when Redis lost it. A crash between handing over and the
 * mark hands the batch over again, harmlessly for the same reason. Notices
 * due again take part of the room like new ones, so the outbox never holds
 * more than `highWater` because of them.
 *
 * Relays in several processes share the rows (SKIP LOCKED), but each fills
 * the room it saw, so together they may overshoot `highWater`.
 */
export async function relayNotices(deps: NoticeRelayDeps): Promise<number> {
  const timeoutMs = deps.enqueueTimeoutMs ?? 10_000
  const rehandAfterMs = deps.rehandAfterMs ?? DEFAULT_REHAND_AFTER_MS
  let moved = 0
  for (;;) {
    const room = deps.highWater - (await within(deps.pending(), timeoutMs, 'the chat outbox'))
    if (room <= 0) return moved
    const taken = await deps.db.transaction().execute(async (trx) => {
      const notices = await takeNotices(trx, Math.min(room, TAKE), rehandAfterMs)
      if (notices.length === 0) return 0
      const again = notices.filter((n) => n.handedBefore)
      const fresh = notices.filter((n) => !n.handedBefore)
      // Redis may hang rather than fail; the transaction must not wait for it forever.
      const done = new Set([
        ...(again.length > 0 ? await within(deps.redeliver(again, trx), timeoutMs, 'the chat outbox') : []),
        ...(fresh.length > 0 ? await within(deps.enqueue(fresh, trx), timeoutMs, 'the chat outbox') : []),
      ])
      await forgetNotices(
        trx,
        notices.filter((n) => done.has(n.dedupeKey)).map((n) => n.id),
      )
      await markHanded(
        trx,
        notices.filter((n) => !done.has(n.dedupeKey)).map((n) => n.id),
      )
      return notices.length
    })
    if (taken === 0) return moved
    moved += taken
  }
}

/** The bot sent a notice's message: it leaves the table (a row already gone is fine: a send confirmed twice). */
export async function confirmNoticeSent(db: Kysely<Database>, noticeId: string): Promise<void> {
  await forgetNotices(db, [noticeId])
}

/**
 * The relay's two ways into the chat outbox. Each message carries its
 * notice's id, so the bot confirms the send (`confirmNoticeSent`). A notice
 * the outbox would refuse (it never becomes sendable) is logged and reported
 * as refused, so the relay forgets it rather than handing it over forever.
 */
export function handOverTo(outbox: Pick<Outbox, 'enqueueMany' | 'redeliver'>): Pick<NoticeRelayDeps, 'enqueue' | 'redeliver'> {
  const sendable = (notices: readonly StoredNotice[]): { messages: { message: OutboxMessage; dedupeKey: string }[]; refused: string[] } => {
    const messages: { message: OutboxMessage; dedupeKey: string }[] = []
    const refused: string[] = []
    for (const n of notices) {
      const message: OutboxMessage = { conversationId: n.contactId, text: n.text, kind: 'notification', noticeId: n.id }
      if (OutboxMessageSchema.safeParse(message).success) messages.push({ message, dedupeKey: n.dedupeKey })
      else {
        log.error('dropped a notice the outbox refuses', { contactId: n.contactId, dedupeKey: n.dedupeKey, length: n.text.length })
        refused.push(n.dedupeKey)
      }
    }
    return { messages, refused }
  }
  return {
    enqueue: async (notices) => {
      const { messages, refused } = sendable(notices)
      await outbox.enqueueMany(messages)
      return refused
    },
    redeliver: async (notices) => {
      const { messages, refused } = sendable(notices)
      return [...refused, ...(await outbox.redeliver(messages))]
    },
  }
}

/**
 * `handOverTo` with several WeChat accounts: each notice goes to the outbox
 * of the account that serves its contact (`routeByAccount`), so a user hears
 * from the account they talk to, and an operator about a troubled account
 * from another one.
 */
export function handOverRouted(
  outboxFor: (account: string) => Pick<Outbox, 'enqueueMany' | 'redeliver'>,
  fallbackAccount: string,
): Pick<NoticeRelayDeps, 'enqueue' | 'redeliver'> {
  // The look-ups run in the relay's transaction (PGlite has one connection: a query beside it would wait forever).
  const each = async (
    notices: readonly StoredNotice[],
    db: Kysely<Database>,
    step: (handOver: Pick<NoticeRelayDeps, 'enqueue' | 'redeliver'>, part: StoredNotice[]) => Promise<readonly string[]>,
  ): Promise<readonly string[]> => {
    const byAccount = await routeByAccount(
      db,
      notices.map((n) => ({ ...n, conversationId: n.contactId })),
      fallbackAccount,
    )
    const refused: string[] = []
    for (const [account, part] of byAccount) refused.push(...(await step(handOverTo(outboxFor(account)), part)))
    return refused
  }
  return {
    enqueue: (notices, trx) => each(notices, trx, (handOver, part) => handOver.enqueue(part, trx)),
    redeliver: (notices, trx) => each(notices, trx, (handOver, part) => handOver.redeliver(part, trx)),
  }
}
