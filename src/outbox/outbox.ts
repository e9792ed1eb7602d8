import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { jobId } from '../queue/job-ids.js'
import { type OutboxMessage, OutboxMessageSchema } from '../queue/payloads.js'
import { outboxQueueName } from '../queue/queue-names.js'
import { logQueueErrors } from '../queue/log-queue-errors.js'
import { InvalidOutboxMessageError } from './invalid-outbox-message-error.js'
import { OUTBOX_PRIORITY } from './outbox-priority.js'
import { pendingCount } from './pending-count.js'

export interface OutboxOptions {
  /** Shared client; the caller quits it after `close()`. */
  readonly connection: Redis
  /** BullMQ key prefix (tests isolate with a unique one; Cluster needs a hash tag). */
  readonly prefix: string
  readonly account: string
  /** First retry delay of a failed send, doubled per attempt. */
  readonly retryDelayMs?: number
}

export interface Outbox {
  /**
   * Puts one message on the account's outbox; the bot process sends it, paced.
   * With `dedupeKey` the job id is `jobId('out', dedupeKey)`, so one event
   * (e.g. `order-seen`, order id) is sent at most once: the call returns false
   * when that job already exists and adds nothing.
   *
   * Dedupe horizon: a key dedupes only while its job is kept in Redis — while
   * pending, then among the last RETAINED_COMPLETED sent / RETAINED_FAILED
   * failed jobs. An older key is forgotten and the message would be sent
   * again, so a caller needing "once ever" must also record it in the database.
   * The false/true answer is checked before adding; two producers racing on
   * one key still add one job, but both may see true.
   * @throws InvalidOutboxMessageError when the message fails `OutboxMessageSchema`.
   */
  enqueue(message: OutboxMessage, dedupeKey?: string): Promise<boolean>
  /**
   * Many messages in one round trip, each with its dedupe key. A key whose job
   * still exists is not added again (BullMQ ignores an existing job id);
   * unlike `enqueue` it does not report which were new.
   * @throws InvalidOutboxMessageError when any message fails the schema (nothing is added).
   */
  enqueueMany(messages: readonly { message: OutboxMessage; dedupeKey: string }[]): Promise<void>
  /**
   * Hands messages over again whose earlier handing over may have been lost,
   * by each dedupe key's job: one still pending is left alone; one that
   * failed (its attempts used up) is tried again with fresh attempts; one
   * Redis no longer has (lost, or dropped past the retention horizon) is
   * added again. Resolves to the dedupe keys whose jobs completed: sent (or
   * dropped by the send policy), nothing more to do.
   * @throws InvalidOutboxMessageError when any message fails the schema (nothing is changed).
   */
  redeliver(messages: readonly { message: OutboxMessage; dedupeKey: string }[]): Promise<string[]>
  /** Messages not yet sent or given up on (waiting, prioritized, delayed, active). */
  pending(): Promise<number>
  /** Whether Redis is connected now (a command sent while it is not waits in the client until it is). */
  reachable(): boolean
  /** Takes back a message not sent yet (e.g. one that was sent another way); false when it is gone or being sent. */
  cancel(dedupeKey: string): Promise<boolean>
  close(): Promise<void>
}

export const RETAINED_COMPLETED = 1000
export const RETAINED_FAILED = 1000
const SEND_ATTEMPTS = 5

/** The producer side of an account's outbox; anything (workers, bot) may enqueue. */
export function createOutbox(options: OutboxOptions): Outbox {
  const queue = new Queue(outboxQueueName(options.account), { connection: options.connection, prefix: options.prefix })
  logQueueErrors(queue, `outbox queue (${options.account})`)
  const retryDelayMs = options.retryDelayMs ?? 2000
  const optionsFor = (kind: OutboxMessage['kind'], id: string | undefined) => ({
    ...(id === undefined ? {} : { jobId: id }),
    priority: OUTBOX_PRIORITY[kind],
    attempts: SEND_ATTEMPTS,
    backoff: { type: 'exponential' as const, delay: retryDelayMs },
    removeOnComplete: { count: RETAINED_COMPLETED },
    removeOnFail: { count: RETAINED_FAILED },
  })
  return {
    enqueueMany: async (messages) => {
      const jobs = messages.map(({ message, dedupeKey }) => {
        const parsed = OutboxMessageSchema.safeParse(message)
        if (!parsed.success) throw new InvalidOutboxMessageError(parsed.error)
        return { name: parsed.data.kind, data: parsed.data, opts: optionsFor(parsed.data.kind, jobId('out', dedupeKey)) }
      })
      if (jobs.length > 0) await queue.addBulk(jobs)
    },
    redeliver: async (messages) => {
      const jobs = messages.map(({ message, dedupeKey }) => {
        const parsed = OutboxMessageSchema.safeParse(message)
        if (!parsed.success) throw new InvalidOutboxMessageError(parsed.error)
        const id = jobId('out', dedupeKey)
        return { dedupeKey, id, name: parsed.data.kind, data: parsed.data, opts: optionsFor(parsed.data.kind, id) }
      })
      const states = await Promise.all(jobs.map((job) => queue.getJobState(job.id)))
      const completed: string[] = []
      const lost: typeof jobs = []
      const failed: string[] = []
      jobs.forEach((job, i) => {
        const state = states[i]
        if (state === 'completed') completed.push(job.dedupeKey)
        else if (state === 'failed') failed.push(job.id)
        else if (state === 'unknown') lost.push(job)
      })
      // Adding an id that exists in any state is a no-op (BullMQ's add scripts), so a job that reappeared meanwhile is not doubled.
      if (lost.length > 0) await queue.addBulk(lost.map(({ name, data, opts }) => ({ name, data, opts })))
      for (const id of failed) await (await queue.getJob(id))?.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true })
      return completed
    },
    enqueue: async (message, dedupeKey) => {
      const parsed = OutboxMessageSchema.safeParse(message)
      if (!parsed.success) throw new InvalidOutboxMessageError(parsed.error)
      const id = dedupeKey === undefined ? undefined : jobId('out', dedupeKey)
      if (id !== undefined && (await queue.getJob(id)) !== undefined) return false
      await queue.add(parsed.data.kind, parsed.data, optionsFor(parsed.data.kind, id))
      return true
    },
    pending: () => pendingCount(queue),
    reachable: () => options.connection.status === 'ready',
    cancel: async (dedupeKey) => (await queue.remove(jobId('out', dedupeKey))) === 1,
    close: () => queue.close(),
  }
}
