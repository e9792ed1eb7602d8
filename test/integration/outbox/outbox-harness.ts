import { randomUUID } from 'node:crypto'
import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { type OutboxConsumer, type OutboxConsumerOptions, startOutboxConsumer } from '../../../bots/outbox-consumer.js'
import type { ReplySender } from '../../../bots/reply-sender.js'
import { createOutbox, type Outbox } from '../../../src/outbox/outbox.js'
import { outboxQueueName } from '../../../src/queue/queue-names.js'
import { createRedisConnection } from '../../../src/queue/redis-connection.js'

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
export const ACCOUNT = 'test-account'

export interface Sent {
  readonly conversationId: string
  readonly text: string
  /** performance.now() when send was called. */
  readonly at: number
}

/** A sender that records every call; `failures` makes the first n calls throw. */
export function recordingSender(failures = 0): ReplySender & { readonly calls: Sent[]; readonly sent: Sent[] } {
  const calls: Sent[] = []
  const sent: Sent[] = []
  return {
    calls,
    sent,
    send: async (conversationId, text) => {
      const call = { conversationId, text, at: performance.now() }
      calls.push(call)
      if (calls.length <= failures) throw new Error(`puppet refused send #${calls.length}`)
      sent.push(call)
    },
  }
}

/** Deterministic [0, 1) numbers (mulberry32), so jitter is reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** One isolated outbox per test: its own key prefix, connection, producer and (once started) consumer. */
export interface OutboxHarness {
  readonly connection: Redis
  readonly prefix: string
  readonly outbox: Outbox
  /** A raw BullMQ queue on the same outbox, for adding what `enqueue` would refuse. */
  readonly rawQueue: Queue
  start(options: Pick<OutboxConsumerOptions, 'sender' | 'minGapMs' | 'jitterMs'> & Partial<OutboxConsumerOptions>): Promise<OutboxConsumer>
  cleanup(): Promise<void>
}

export function createHarness(retryDelayMs = 30): OutboxHarness {
  const connection = createRedisConnection(REDIS_URL)
  const prefix = `test-${randomUUID()}`
  const outbox = createOutbox({ connection, prefix, account: ACCOUNT, retryDelayMs })
  const rawQueue = new Queue(outboxQueueName(ACCOUNT), { connection, prefix })
  const consumers: OutboxConsumer[] = []
  return {
    connection,
    prefix,
    outbox,
    rawQueue,
    start: async (options) => {
      const consumer = await startOutboxConsumer({ connection, prefix, account: ACCOUNT, ...options })
      consumers.push(consumer)
      return consumer
    },
    cleanup: async () => {
      for (const consumer of consumers) await consumer.close()
      await outbox.close()
      await rawQueue.obliterate({ force: true })
      await rawQueue.close()
      await connection.quit()
    },
  }
}
