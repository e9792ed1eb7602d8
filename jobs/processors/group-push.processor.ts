import { Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import { pushToGroup, type GroupPushDeps } from '../../src/deals/group-push.service.js'
import { GroupPushJobSchema } from '../../src/queue/payloads.js'
import { QUEUE } from '../../src/queue/queue-names.js'
import { createLogger } from '../../src/shared/log.js'
import { logQueueErrors } from '../../src/queue/log-queue-errors.js'

const log = createLogger('push')

/** Runs scheduled pushes; a slot pushes at most once (push_history's unique key), however often it runs. */
export function startGroupPushWorker(deps: { connection: Redis; prefix: string; push: GroupPushDeps; concurrency?: number }): Worker {
  const worker = new Worker(
    QUEUE.groupPush,
    async (job) => {
      const { roomId, slot } = GroupPushJobSchema.parse(job.data)
      const outcome = await pushToGroup(deps.push, roomId, slot)
      if (outcome !== 'pushed') log.info('scheduled push not sent', { roomId, slot, outcome })
      return outcome
    },
    { connection: deps.connection, prefix: deps.prefix, concurrency: deps.concurrency ?? 4 },
  )
  worker.on('failed', (job, error) => log.warn('scheduled push failed', { roomId: job?.data.roomId, slot: job?.data.slot, error }))
  logQueueErrors(worker, 'group-push worker')
  return worker
}
