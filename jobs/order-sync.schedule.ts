import cron from 'node-cron'
import type { SchedulerLock } from '../src/db/scheduler-lock.js'
import type { Platform } from '../src/links/parsed-link.js'
import type { OrderQueues } from '../src/queue/order-queues.js'
import { createLogger } from '../src/shared/log.js'

const log = createLogger('scheduler')

/** A node-cron expression that fires every `seconds` (rounded to what cron can say). */
export function everySeconds(seconds: number): string {
  if (seconds < 60 && 60 % seconds === 0) return `*/${seconds} * * * * *`
  const minutes = Math.max(1, Math.round(seconds / 60))
  return minutes < 60 && 60 % minutes === 0 ? `0 */${minutes} * * * *` : '0 * * * * *'
}

/**
 * Each tick only enqueues one sync job per platform, with an id derived from
 * the tick's time slot: whichever scheduler instance holds the lock adds it,
 * and a second add of the same slot is a no-op.
 */
export function startOrderSyncSchedule(options: {
  readonly intervalSeconds: number
  readonly platforms: readonly Platform[]
  readonly queues: OrderQueues
  readonly lock: SchedulerLock
  readonly now?: () => number
}): { stop(): void } {
  const now = options.now ?? Date.now
  const task = cron.schedule(
    everySeconds(options.intervalSeconds),
    async () => {
      if (!options.lock.held() || !(await options.lock.confirm())) return
      const slot = Math.floor(now() / (options.intervalSeconds * 1000))
      log.debug('order sync tick', { slot })
      for (const platform of options.platforms) {
        options.queues.enqueueSync(platform, slot).catch((error: unknown) => log.warn('could not enqueue a sync', { platform, error }))
      }
    },
    { name: 'order-sync', noOverlap: true },
  )
  return { stop: () => void task.stop() }
}
