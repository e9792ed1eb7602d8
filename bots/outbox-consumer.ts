import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import { sendDelayMs } from '../src/outbox/pacing.js'
import { pendingCount } from '../src/outbox/pending-count.js'
import { OutboxMessageSchema } from '../src/queue/payloads.js'
import { outboxQueueName } from '../src/queue/queue-names.js'
import { createLogger } from '../src/shared/log.js'
import type { ReplySender } from './reply-sender.js'

const log = createLogger('outbox-consumer')
const IDLE_POLL_MS = 20

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
  readonly now?: () => number
  readonly sleep?: (ms: number) => Promise<void>
}

export interface OutboxConsumer {
  /** Waits for the send in progress, then stops; leaves the connection open. */
  close(): Promise<void>
  /** Resolves once nothing is waiting, prioritized, delayed (retrying) or active, or after `close()`. */
  whenIdle(): Promise<void>
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The only place chat messages queued by workers leave the bot: one job at a
 * time from the account's outbox, each send spaced by `sendDelayMs`. The last
 * send time lives in memory (one bot process per account), so the first send
 * after a restart is not delayed. A failed send still counts as a send for
 * pacing and is rethrown so BullMQ retries it with backoff; a payload that
 * fails the schema is failed at once and never sent.
 */
export async function startOutboxConsumer(options: OutboxConsumerOptions): Promise<OutboxConsumer> {
  const name = outboxQueueName(options.account)
  const random = options.random ?? Math.random
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? defaultSleep
  let lastSentAt: number | undefined
  let closed = false

  const handle = async (job: Job<unknown>): Promise<void> => {
    const parsed = OutboxMessageSchema.safeParse(job.data)
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)')
      log.warn('invalid outbox job, not sent', { account: options.account, jobId: job.id, fields })
      throw new UnrecoverableError(`invalid outbox message (${fields.join(', ')})`)
    }
    const { conversationId, text, kind } = parsed.data
    const delay = sendDelayMs({ lastSentAt, now: now(), minGapMs: options.minGapMs, jitterMs: options.jitterMs, random })
    if (delay > 0) await sleep(delay)
    lastSentAt = now()
    try {
      await options.sender.send(conversationId, text)
    } catch (error) {
      log.warn('outbox send failed', { account: options.account, conversationId, kind, jobId: job.id, attempt: job.attemptsMade + 1, error })
      throw error
    }
    log.debug('outbox sent', { account: options.account, conversationId, kind, jobId: job.id })
  }

  const queue = new Queue(name, { connection: options.connection, prefix: options.prefix })
  const worker = new Worker<unknown>(name, handle, { connection: options.connection, prefix: options.prefix, concurrency: 1 })
  worker.on('error', (error) => log.error('outbox worker error', { account: options.account, error }))
  await worker.waitUntilReady()

  return {
    close: async () => {
      closed = true
      await worker.close()
      await queue.close()
    },
    whenIdle: async () => {
      while (!closed) {
        const pending = await pendingCount(queue).catch((error: unknown) => {
          if (closed) return 0
          throw error
        })
        if (pending === 0) return
        await defaultSleep(IDLE_POLL_MS)
      }
    },
  }
}
