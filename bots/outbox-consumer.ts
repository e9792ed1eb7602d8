import { DelayedError, type Job, Queue, UnrecoverableError, Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import type { LoadedPicture } from '../src/chat/chat-input.js'
import { count } from '../src/metrics/metrics.js'
import { beijingDay, decideSend, type DropReason, parseQuietHours, type QuietHours, type QuietMode } from '../src/outbox/send-policy.js'
import { type OutboxMessage, OutboxMessageSchema } from '../src/queue/payloads.js'
import { outboxQueueName } from '../src/queue/queue-names.js'
import { jobId } from '../src/queue/job-ids.js'
import { createLogger } from '../src/shared/log.js'
import { logQueueErrors } from '../src/queue/log-queue-errors.js'
import { TimeoutError, within } from '../src/shared/within.js'
import type { ReplySender } from './reply-sender.js'

const log = createLogger('outbox-consumer')
const IDLE_POLL_MS = 20
// Past this many remembered conversations, forget those whose room gap has passed.
const ROOM_MEMORY_SWEEP_AT = 1_000

export interface OutboxConsumerOptions {
  /** Shared client (`maxRetriesPerRequest: null`); the caller quits it after `close()`. */
  readonly connection: Redis
  readonly prefix: string
  readonly account: string
  readonly sender: ReplySender
  /** Minimum time between the starts of two sends. */
  readonly minGapMs: number
  /** Up to this much extra, drawn per send. */
  readonly jitterMs: number
  readonly random?: () => number
  /** Minimum time between two sends to the same conversation; other conversations go meanwhile. Default 0 (off). */
  readonly minRoomGapMs?: number
  /**
   * Pushes per Beijing calendar day after which further pushes are dropped; replies and notifications neither count
   * nor stop. Default: no cap. A function is asked per push with the policy's clock (a new account's warm-up cap
   * grows by the day).
   */
  readonly dailyCap?: number | ((nowMs: number) => number | undefined)
  /**
   * The pushes this account already sent today, when something outlives this process (the account monitor keeps
   * them in PostgreSQL, so a restart does not reset the cap). Default: counted here, from 0 at start.
   */
  readonly pushesToday?: (nowMs: number) => number
  /**
   * Asked before each push: false holds it (put back for `pausedRetryMs`, then asked again), never drops it, so a
   * paused account's pushes go out once it is resumed. Replies and notifications never ask. Default: always allowed.
   */
  readonly pushesAllowed?: (() => boolean | Promise<boolean>) | undefined
  /** How long a held push waits before asking `pushesAllowed` again. Default 30 s. */
  readonly pausedRetryMs?: number
  /** Told of each failed send attempt (the account monitor judges WeChat's words); a failure of its own is logged. */
  readonly onSendFailed?: ((message: OutboxMessage, error: unknown) => void | Promise<void>) | undefined
  /** Beijing-time window in which pushes are not sent (may wrap midnight). Default: none. */
  readonly quietHours?: QuietHours
  /** Told of each push the policy dropped (so its push history can say it never went out); a failure is logged, never retried. */
  readonly onDropped?: ((message: OutboxMessage, reason: DropReason) => Promise<void>) | undefined
  /**
   * Told of each message sent, before its job completes (a notice is confirmed, so it leaves the database). A failure
   * or a hang past 5 s is logged, never retried, and does not fail the job: the message went out.
   */
  readonly onSent?: ((message: OutboxMessage) => Promise<void>) | undefined
  /** Whether a push due in quiet hours is dropped or delayed to their end. Default 'defer'. */
  readonly quietMode?: QuietMode
  /** A stored picture's content (`pictureIds`); without it such pictures are skipped and the text still goes. */
  readonly loadPicture?: ((id: string) => Promise<LoadedPicture | undefined>) | undefined
  /** The policy's clock (account gap, room gap, day, quiet hours); BullMQ's delays still run on the real clock. */
  readonly now?: () => number
  readonly sleep?: (ms: number) => Promise<void>
}

export interface OutboxConsumer {
  /** Waits for the send in progress, then stops; leaves the connection open. */
  close(): Promise<void>
  /**
   * Resolves once nothing is waiting, prioritized, delayed (retrying, room
   * gap) or active, or after `close()`. Pushes this consumer deferred to the
   * end of quiet hours are parked, not pending: they do not keep it waiting
   * (a piped terminal session ends; they go out when quiet hours end).
   */
  whenIdle(): Promise<void>
  /** How many pushes this consumer has deferred to the end of quiet hours and not sent yet. */
  parked(): number
}

/** A send confirmation (a database write) not done by then is abandoned, so a hung database cannot stop the sending. */
const ON_SENT_TIMEOUT_MS = 5000

/** How long pictures following a copy that is not done yet (nor held to a known time) wait before looking again. */
const FOLLOW_RETRY_MS = 1000

/** One Redis call of whenIdle; longer means Redis is not answering. */
const IDLE_CALL_TIMEOUT_MS = 2000

// Timers fire on millisecond ticks and may run a fraction early: one extra ms keeps every real gap at least the configured one.
const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms + 1))

/** What a job that was not sent completes with (its BullMQ `returnvalue`). */
export interface OutboxDropped {
  readonly dropped: DropReason
}

/**
 * The only place chat messages queued by workers leave the bot: one job at a
 * time from the account's outbox, each checked by `decideSend`. The account
 * gap is slept inside the job, since no other message could go sooner; a
 * message waiting for its conversation's gap or for quiet hours to end is put
 * back as a delayed job, so other conversations are served meanwhile. Dropped
 * pushes complete with `OutboxDropped` and a log line.
 *
 * The last send time and per-conversation send times live in memory (one bot
 * process per account), so after a restart the first send is not delayed; the
 * day's push count does too unless `pushesToday` supplies a kept one. A failed
 * send still counts as a send for pacing and the cap (it may have reached
 * WeChat) and is rethrown so BullMQ retries it with backoff; a payload that
 * fails the schema is failed at once and never sent.
 * @throws RangeError when `quietHours` is malformed.
 */
export async function startOutboxConsumer(options: OutboxConsumerOptions): Promise<OutboxConsumer> {
  const name = outboxQueueName(options.account)
  const random = options.random ?? Math.random
  const now = options.now ?? Date.now
  /*
   * BullMQ's delayed set runs on the real clock. On it, a hold's target is used
   * as is, so messages held to the same instant (one room's backlog, pushes
   * deferred to the end of quiet hours) are released in the order they were
   * held; an injected clock's hold is handed over as a duration instead.
   */
  const realClock = options.now === undefined
  const sleep = options.sleep ?? defaultSleep
  const minRoomGapMs = options.minRoomGapMs ?? 0
  const quietHours = options.quietHours === undefined ? undefined : parseQuietHours(options.quietHours)
  const quietMode = options.quietMode ?? 'defer'
  const pausedRetryMs = options.pausedRetryMs ?? 30_000
  let lastSentAt: number | undefined
  const lastSentTo = new Map<string, number>()
  let day = { index: Number.NaN, pushes: 0 }
  let closed = false

  const recordSend = (conversationId: string, countsAsPush: boolean, at: number): void => {
    lastSentAt = at
    const index = beijingDay(at)
    day = { index, pushes: (day.index === index ? day.pushes : 0) + (countsAsPush ? 1 : 0) }
    if (minRoomGapMs <= 0) return
    lastSentTo.set(conversationId, at)
    if (lastSentTo.size <= ROOM_MEMORY_SWEEP_AT) return
    for (const [id, sentAt] of lastSentTo) if (sentAt + minRoomGapMs <= at) lastSentTo.delete(id)
  }

  /** Jobs deferred to the end of quiet hours, by id, with the real time they are due. */
  const parkedUntil = new Map<string, number>()
  const stillParked = (): number => {
    const at = Date.now()
    for (const [id, due] of parkedUntil) if (due <= at) parkedUntil.delete(id)
    return parkedUntil.size
  }

  /** A check that fails holds the push: sending while the account may be paused risks the account. */
  const pushesAllowed = async (context: Record<string, unknown>): Promise<boolean> => {
    try {
      return (await options.pushesAllowed?.()) ?? true
    } catch (error) {
      log.warn('could not ask whether pushes are allowed; holding the push', { ...context, error })
      return false
    }
  }

  const handle = async (job: Job<unknown>, token?: string): Promise<OutboxDropped | undefined> => {
    const parsed = OutboxMessageSchema.safeParse(job.data)
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)')
      log.warn('invalid outbox job, not sent', { account: options.account, jobId: job.id, fields })
      throw new UnrecoverableError(`invalid outbox message (${fields.join(', ')})`)
    }
    const { conversationId, text, kind, follows } = parsed.data
    const context = { account: options.account, conversationId, kind, jobId: job.id }
    if (kind === 'push' && options.pushesAllowed && !(await pushesAllowed(context))) {
      // Held like a push deferred by quiet hours: parked, so whenIdle does not wait for the account to be resumed.
      const dueMs = Date.now() + pausedRetryMs
      log.debug('outbox push held: the account’s pushes are paused', context)
      await job.moveToDelayed(dueMs, token)
      if (job.id !== undefined) parkedUntil.set(job.id, dueMs)
      throw new DelayedError()
    }
    if (follows !== undefined) {
      const copy = await copyState(follows)
      if (copy.state === 'dropped') {
        log.info('pictures not sent: their copy was not', { ...context, reason: copy.reason })
        return copy.reason === undefined ? undefined : { dropped: copy.reason }
      }
      if (copy.state === 'pending') {
        // Held until just after the copy's own due time, so they leave the delayed set behind it (same conversation, FIFO).
        const dueMs = Math.max(Date.now(), copy.dueMs ?? 0) + (copy.dueMs === undefined ? FOLLOW_RETRY_MS : 1)
        await job.moveToDelayed(dueMs, token)
        if (copy.parked && job.id !== undefined) parkedUntil.set(job.id, dueMs)
        throw new DelayedError()
      }
    }
    const nowMs = now()
    const decision = decideSend({
      kind,
      following: follows !== undefined,
      nowMs,
      lastSentAtMs: lastSentAt,
      lastSentToConversationMs: lastSentTo.get(conversationId),
      pushesToday: options.pushesToday ? options.pushesToday(nowMs) : day.index === beijingDay(nowMs) ? day.pushes : 0,
      minGapMs: options.minGapMs,
      jitterMs: options.jitterMs,
      random,
      minRoomGapMs,
      dailyCap: typeof options.dailyCap === 'function' ? options.dailyCap(nowMs) : options.dailyCap,
      quietHours,
      quietMode,
    })
    if (decision.action === 'drop') {
      log.info('outbox push dropped', { ...context, reason: decision.reason })
      count.dropped(options.account, decision.reason)
      await options.onDropped?.(parsed.data, decision.reason).catch((error: unknown) => log.warn('could not record a dropped push', { ...context, error }))
      return { dropped: decision.reason }
    }
    if (decision.action === 'wait') {
      const waitMs = decision.untilMs - nowMs
      if (decision.reason === 'account-gap') await sleep(waitMs)
      else {
        log.debug('outbox message delayed', { ...context, reason: decision.reason, waitMs })
        const dueMs = realClock ? decision.untilMs : Date.now() + waitMs
        await job.moveToDelayed(dueMs, token)
        if (decision.reason === 'quiet-hours' && job.id !== undefined) parkedUntil.set(job.id, dueMs)
        throw new DelayedError()
      }
    }
    if (job.id !== undefined) parkedUntil.delete(job.id)
    // Pictures following a copy are part of that push: the day's count took it once.
    recordSend(conversationId, kind === 'push' && follows === undefined, now())
    const { imageUrl, pictureIds } = parsed.data
    // Pictures are a nicety: once only (not again on a retry of the text), and their failure never blocks the text.
    if (job.attemptsMade === 0) {
      if (imageUrl && options.sender.sendImage) {
        await options.sender.sendImage(conversationId, imageUrl).catch((error: unknown) => log.warn('outbox image not sent', { ...context, error }))
      }
      for (const id of pictureIds ?? []) await sendStoredPicture(conversationId, id, context)
    }
    // Pictures alone (following a copy): counted in the sent metric, but not told to onSent, whose account monitor
    // would count them as another push of the day.
    if (text === undefined) {
      count.sent(options.account, kind)
      return undefined
    }
    try {
      await options.sender.send(conversationId, text)
    } catch (error) {
      log.warn('outbox send failed', { ...context, attempt: job.attemptsMade + 1, error })
      count.sendFailed(options.account, kind)
      if (options.onSendFailed) {
        const told = Promise.resolve().then(() => options.onSendFailed?.(parsed.data, error))
        await within(told, ON_SENT_TIMEOUT_MS, 'the send-failure report').catch((failure: unknown) =>
          log.warn('could not report a failed send', { ...context, error: failure }),
        )
      }
      throw error
    }
    log.debug('outbox sent', context)
    count.sent(options.account, kind)
    if (options.onSent) {
      await within(options.onSent(parsed.data), ON_SENT_TIMEOUT_MS, 'the send confirmation').catch((error: unknown) =>
        log.warn('could not confirm a sent message', { ...context, error }),
      )
    }
    return undefined
  }

  const sendStoredPicture = async (conversationId: string, id: string, context: Record<string, unknown>): Promise<void> => {
    try {
      const picture = options.sender.sendPicture ? await options.loadPicture?.(id) : undefined
      if (picture === undefined) return void log.warn('outbox picture skipped: gone, or this transport cannot send files', { ...context, pictureId: id })
      await options.sender.sendPicture?.(conversationId, picture)
    } catch (error) {
      log.warn('outbox picture not sent', { ...context, pictureId: id, error })
    }
  }

  /**
   * Where the copy some pictures follow stands: sent (or gone from Redis long after it was sent), dropped (by the
   * policy, or failed for good), or still to go — with the time it is held to, when it is delayed.
   */
  const copyState = async (
    dedupeKey: string,
  ): Promise<{ state: 'sent' } | { state: 'dropped'; reason?: DropReason } | { state: 'pending'; dueMs?: number; parked: boolean }> => {
    const id = jobId('out', dedupeKey)
    const copy = await queue.getJob(id)
    if (copy === undefined) return { state: 'sent' }
    const state = await copy.getState()
    if (state === 'completed') {
      const reason = (copy.returnvalue as OutboxDropped | undefined | null)?.dropped
      return reason === undefined ? { state: 'sent' } : { state: 'dropped', reason }
    }
    if (state === 'failed') return { state: 'dropped' }
    if (state !== 'delayed') return { state: 'pending', parked: false }
    // The delayed set's score is the due time × 0x1000 (BullMQ's ordering of jobs due in the same millisecond).
    const score = await options.connection.zscore(queue.keys.delayed ?? '', id)
    return { state: 'pending', dueMs: score === null ? undefined : Math.floor(Number(score) / 0x1000), parked: parkedUntil.has(id) }
  }

  const queue = new Queue(name, { connection: options.connection, prefix: options.prefix })
  const worker = new Worker<unknown, OutboxDropped | undefined>(name, handle, { connection: options.connection, prefix: options.prefix, concurrency: 1 })
  logQueueErrors(worker, `outbox worker (${options.account})`)
  logQueueErrors(queue, `outbox consumer queue (${options.account})`)
  await worker.waitUntilReady()

  return {
    close: async () => {
      closed = true
      await worker.close()
      await queue.close()
    },
    whenIdle: async () => {
      while (!closed) {
        // Redis gone: nothing can drain until it is back, so there is nothing to wait for (a terminal session goes on).
        if (options.connection.status !== 'ready') return
        const counts = await within(queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active'), IDLE_CALL_TIMEOUT_MS, 'Redis').catch(
          (error: unknown) => {
            if (closed || error instanceof TimeoutError) return undefined
            throw error
          },
        )
        if (!counts) return
        const pending = Object.values(counts).reduce((sum, n) => sum + n, 0)
        // A parked job promoted early (or due) is no longer delayed: it counts again.
        if (pending - Math.min(stillParked(), counts.delayed ?? 0) <= 0) return
        await defaultSleep(IDLE_POLL_MS)
      }
    },
    parked: stillParked,
  }
}
