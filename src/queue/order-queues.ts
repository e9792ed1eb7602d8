import { createHash } from 'node:crypto'
import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import type { Platform } from '../links/parsed-link.js'
import { jobId } from './job-ids.js'
import { type CreditOrderJob, CreditOrderJobSchema, type OrderSyncJob, OrderSyncJobSchema } from './payloads.js'
import { QUEUE } from './queue-names.js'
import { logQueueErrors } from './log-queue-errors.js'

/** A row to credit at a version: the same version is one job however often it is asked for. */
export interface CreditJobRequest {
  readonly orderRowId: string
  readonly version: number | string
}

export interface OrderQueues {
  readonly sync: Queue<OrderSyncJob>
  readonly credit: Queue<CreditOrderJob>
  /** One sync run per platform and time slot, whichever scheduler asks first. */
  enqueueSync(platform: Platform, slot: number | string): Promise<void>
  /**
   * Credits rows in batches (one job per up to 500 rows). The job id is a hash
   * of the rows and their versions, so asking again for the same page at the
   * same versions adds nothing.
   */
  enqueueCredit(requests: readonly CreditJobRequest[]): Promise<void>
  /** Jobs not yet finished on both queues. */
  pending(): Promise<number>
  close(): Promise<void>
}

const CREDIT_BATCH = 500
const KEEP = { removeOnComplete: { count: 10_000 }, removeOnFail: { count: 10_000 } }

export function createOrderQueues(options: { connection: Redis; prefix: string }): OrderQueues {
  const sync = new Queue<OrderSyncJob>(QUEUE.orderSync, { connection: options.connection, prefix: options.prefix })
  const credit = new Queue<CreditOrderJob>(QUEUE.orderCredit, { connection: options.connection, prefix: options.prefix })
  logQueueErrors(sync, 'order-sync queue')
  logQueueErrors(credit, 'order-credit queue')
  const pendingOf = async (queue: Queue): Promise<number> => {
    const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'waiting-children')
    return Object.values(counts).reduce((sum, n) => sum + n, 0)
  }
  return {
    sync,
    credit,
    enqueueSync: async (platform, slot) => {
      const data = OrderSyncJobSchema.parse({ platform })
      await sync.add('sync', data, {
        jobId: jobId('sync', platform, slot),
        attempts: 3,
        backoff: { type: 'exponential', delay: 2000 },
        ...KEEP,
      })
    },
    enqueueCredit: async (requests) => {
      const jobs = []
      for (let i = 0; i < requests.length; i += CREDIT_BATCH) {
        const batch = requests.slice(i, i + CREDIT_BATCH)
        const fingerprint = createHash('sha256')
          .update(batch.map((r) => `${r.orderRowId}@${r.version}`).join(','))
          .digest('hex')
          .slice(0, 24)
        jobs.push({
          name: 'credit',
          data: CreditOrderJobSchema.parse({ orderRowIds: batch.map((r) => r.orderRowId) }),
          opts: { jobId: jobId('credit', fingerprint), attempts: 8, backoff: { type: 'exponential' as const, delay: 1000 }, ...KEEP },
        })
      }
      if (jobs.length > 0) await credit.addBulk(jobs)
    },
    pending: async () => (await pendingOf(sync)) + (await pendingOf(credit)),
    close: async () => {
      await sync.close()
      await credit.close()
    },
  }
}
