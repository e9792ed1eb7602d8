import { Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import { creditOrder, type CreditDeps } from '../../src/orders/credit-order.service.js'
import { notifyAfterCredit, type NotifierDeps } from '../../src/orders/order-notifier.service.js'
import { CreditOrderJobSchema } from '../../src/queue/payloads.js'
import { QUEUE } from '../../src/queue/queue-names.js'
import { createLogger } from '../../src/shared/log.js'

const log = createLogger('credit')

export interface CreditWorkerDeps {
  readonly connection: Redis
  readonly prefix: string
  readonly credit: CreditDeps
  readonly notifier: NotifierDeps
  readonly concurrency?: number
}

/**
 * Credits orders: each job locks its order row, attributes and reconciles
 * the ledger in one transaction, then queues the buyer's notification.
 * Retried jobs are harmless: crediting is idempotent and notices dedupe.
 */
export function startCreditWorker(deps: CreditWorkerDeps): Worker {
  const worker = new Worker(
    QUEUE.orderCredit,
    async (job) => {
      const { orderRowId } = CreditOrderJobSchema.parse(job.data)
      const result = await creditOrder(deps.credit, orderRowId)
      if (!result) return { missing: true }
      await notifyAfterCredit(deps.notifier, result)
      return { movements: result.movements.length }
    },
    { connection: deps.connection, prefix: deps.prefix, concurrency: deps.concurrency ?? 8 },
  )
  worker.on('failed', (job, error) => log.warn('crediting failed', { orderRowId: job?.data.orderRowId, attempt: job?.attemptsMade, error }))
  return worker
}
