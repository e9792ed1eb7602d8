import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { outboxQueueName } from '../src/queue/queue-names.js'

/** Removes a bench's outbox from Redis (its sent, failed and unsent jobs): runs must not pile up in a shared Redis. */
export async function dropOutbox(connection: Redis, prefix: string, account: string): Promise<void> {
  const queue = new Queue(outboxQueueName(account), { connection, prefix })
  await queue.obliterate({ force: true }).catch(() => undefined)
  await queue.close()
}
