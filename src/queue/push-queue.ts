import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { jobId } from './job-ids.js'
import { type GroupPushJob, GroupPushJobSchema } from './payloads.js'
import { QUEUE } from './queue-names.js'
import { logQueueErrors } from './log-queue-errors.js'

export interface PushQueue {
  readonly queue: Queue<GroupPushJob>
  /**
   * One job per (group, slot): whichever scheduler adds it first, a second
   * add of the same slot is a no-op. `delayMs` spreads one slot's pushes
   * across many groups over a window instead of firing them together.
   */
  enqueue(jobs: readonly { roomId: string; slot: string; delayMs: number }[]): Promise<void>
  close(): Promise<void>
}

export function createPushQueue(options: { connection: Redis; prefix: string }): PushQueue {
  const queue = new Queue<GroupPushJob>(QUEUE.groupPush, { connection: options.connection, prefix: options.prefix })
  logQueueErrors(queue, 'group-push queue')
  return {
    queue,
    enqueue: async (jobs) => {
      for (let i = 0; i < jobs.length; i += 1000) {
        await queue.addBulk(
          jobs.slice(i, i + 1000).map((j) => ({
            name: 'push',
            data: GroupPushJobSchema.parse({ roomId: j.roomId, slot: j.slot }),
            opts: {
              jobId: jobId('push', j.roomId, j.slot),
              delay: j.delayMs,
              attempts: 3,
              backoff: { type: 'exponential' as const, delay: 5000 },
              removeOnComplete: { count: 50_000 },
              removeOnFail: { count: 10_000 },
            },
          })),
        )
      }
    },
    close: () => queue.close(),
  }
}
