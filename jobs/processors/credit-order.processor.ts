import { Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import { creditOrders, type CreditDeps } from '../../src/orders/credit-order.service.js'
import { CreditOrderJobSchema } from '../../src/queue/payloads.js'
import { QUEUE } from '../../src/queue/queue-names.js'
import { createLogger } from '../../src/shared/log.js'
import { logQueueErrors } from '../../src/queue/log-queue-errors.js'
import { logFailedJobs, parseJobPayload } from './job-payload.js'

const log = createLogger('credit')

export interface CreditWorkerDeps {
  readonly connection: Redis
  readonly prefix: string
  readonly credit: CreditDeps
  readonly concurrency?: number
}

/**
 * Credits orders: each job locks its page of order rows, attributes them,
 * reconciles the ledger and queues the buyers' notices, in one transaction.
 * Retried jobs are harmless: crediting is idempotent and notices dedupe.
 */
export function startCreditWorker(deps: CreditWorkerDeps): Worker {
  const worker = new Worker(
    QUEUE.orderCredit,
    async (job) => {
      const { orderRowIds } = parseJobPayload(CreditOrderJobSchema, job, QUEUE.orderCredit)
      const results = await creditOrders(deps.credit, orderRowIds)
      return { orders: results.length, movements: results.reduce((n, r) => n + r.movements.length, 0) }
    },
    { connection: deps.connection, prefix: deps.prefix, concurrency: deps.concurrency ?? 8 },
  )
  logFailedJobs(worker, log, {
    queue: QUEUE.orderCredit,
    schema: CreditOrderJobSchema,
    message: 'crediting failed',
    describe: (data) => ({ orders: data.orderRowIds.length }),
  })
  logQueueErrors(worker, 'credit-order worker')
  return worker
}
