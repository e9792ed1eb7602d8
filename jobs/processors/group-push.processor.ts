import { Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import { pushToGroup, type GroupPushDeps } from '../../src/deals/group-push.service.js'
import { GroupPushJobSchema } from '../../src/queue/payloads.js'
import { QUEUE } from '../../src/queue/queue-names.js'
import { createLogger } from '../../src/shared/log.js'
import { logQueueErrors } from '../../src/queue/log-queue-errors.js'
import { logFailedJobs, parseJobPayload } from './job-payload.js'

const log = createLogger('push')

/** Runs scheduled pushes; a slot pushes at most once (push_history's unique key), however often it runs. */
export function startGroupPushWorker(deps: { connection: Redis; prefix: string; push: GroupPushDeps; concurrency?: number }): Worker {
  const worker = new Worker(
    QUEUE.groupPush,
    async (job) => {
      const { roomId, slot } = parseJobPayload(GroupPushJobSchema, job, QUEUE.groupPush)
      const outcome = await pushToGroup(deps.push, roomId, slot)
      if (outcome !== 'pushed') log.info('scheduled push not sent', { roomId, slot, outcome })
      return outcome
    },
    { connection: deps.connection, prefix: deps.prefix, concurrency: deps.concurrency ?? 4 },
  )
  logFailedJobs(worker, log, {
    queue: QUEUE.groupPush,
    schema: GroupPushJobSchema,
    message: 'scheduled push failed',
    describe: (data) => ({ roomId: data.roomId, slot: data.slot }),
  })
  logQueueErrors(worker, 'group-push worker')
  return worker
}
