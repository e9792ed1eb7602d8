import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import type { Platform } from '../links/parsed-link.js'
import { jobId } from './job-ids.js'
import { type CreditOrderJob, CreditOrderJobSchema, type OrderSyncJob, OrderSyncJobSchema } from './payloads.js'
import { QUEUE } from './queue-names.js'

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
  enqueueCredit(requests: readonly CreditJobRequest[]): Promise<void>
  /** Jobs not yet finished on both queues. */
  pending(): Promise<number>
  close(): Promise<void>
}

const KEEP = { removeOnComplete: { count: 10_000 }, removeOnFail: { count: 10_000 } }

export function createOrderQueues(options: { connection: Redis; prefix: string }): OrderQueues {
  const sync = new Queue<OrderSyncJob>(QUEUE.orderSync, { connection: options.connection, prefix: options.prefix })
  const credit = new Queue<CreditOrderJob>(QUEUE.orderCredit, { connection: options.connection, prefix: options.prefix })
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
      if (requests.length === 0) return
      await credit.addBulk(
        requests.map((r) => ({
          name: 'credit',
          data: CreditOrderJobSchema.parse({ orderRowId: r.orderRowId }),
          opts: {
            jobId: jobId('credit', r.orderRowId, r.version),
            attempts: 8,
            backoff: { type: 'exponential', delay: 1000 },
            ...KEEP,
          },
        })),
      )
    },
    pending: async () => (await pendingOf(sync)) + (await pendingOf(credit)),
    close: async () => {
      await sync.close()
      await credit.close()
    },
  }
}
