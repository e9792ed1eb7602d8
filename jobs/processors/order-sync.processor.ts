import { UnrecoverableError, Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import type { Kysely } from 'kysely'
import type { Database } from '../../src/db/database.js'
import type { Platform } from '../../src/links/parsed-link.js'
import { OrderSyncStoppedError, syncOrders } from '../../src/orders/order-sync.service.js'
import type { OrderFeed } from '../../src/platforms/order-feed.js'
import type { OrderQueues } from '../../src/queue/order-queues.js'
import { OrderSyncJobSchema } from '../../src/queue/payloads.js'
import { QUEUE } from '../../src/queue/queue-names.js'
import { createLogger } from '../../src/shared/log.js'
import { logQueueErrors } from '../../src/queue/log-queue-errors.js'
import { logFailedJobs, parseJobPayload } from './job-payload.js'

const log = createLogger('order-sync')

export interface OrderSyncWorkerDeps {
  readonly connection: Redis
  readonly prefix: string
  readonly db: Kysely<Database>
  readonly feeds: Readonly<Record<Platform, OrderFeed>>
  readonly queues: OrderQueues
  readonly overlapMs: number
  readonly initialLookbackMs: number
  readonly now?: () => Date
}

/** Runs order-sync jobs one at a time: each walks one platform's feed from its cursor. */
export function startOrderSyncWorker(deps: OrderSyncWorkerDeps): Worker {
  const worker = new Worker(
    QUEUE.orderSync,
    async (job) => {
      const { platform } = parseJobPayload(OrderSyncJobSchema, job, QUEUE.orderSync)
      try {
        const result = await syncOrders({
          db: deps.db,
          feed: deps.feeds[platform],
          now: deps.now ?? (() => new Date()),
          overlapMs: deps.overlapMs,
          initialLookbackMs: deps.initialLookbackMs,
          maxWindowsPerRun: 48,
          enqueueCredit: (requests) => deps.queues.enqueueCredit(requests.map((r) => ({ orderRowId: r.orderRowId, version: r.version }))),
        })
        if (result.rows > 0 || result.rejected > 0) log.debug('sync run', { platform, ...result })
        return result
      } catch (error) {
        if (error instanceof OrderSyncStoppedError) throw new UnrecoverableError(error.message)
        throw error
      }
    },
    { connection: deps.connection, prefix: deps.prefix, concurrency: 1 },
  )
  logFailedJobs(worker, log, {
    queue: QUEUE.orderSync,
    schema: OrderSyncJobSchema,
    message: 'sync run failed',
    describe: (data) => ({ platform: data.platform }),
  })
  logQueueErrors(worker, 'order-sync worker')
  return worker
}
