import { startGroupPushSchedule } from '../../jobs/group-push.schedule.js'
import { startOrderSyncSchedule } from '../../jobs/order-sync.schedule.js'
import { acquireSchedulerLock, type SchedulerLock } from '../../src/db/scheduler-lock.js'
import type { Platform } from '../../src/links/parsed-link.js'
import { createLogger } from '../../src/shared/log.js'
import type { Infra, QueueInfra } from '../infra.js'

const log = createLogger('scheduler')
/** The longest a scheduler waits between attempts on a free lock (the order-sync tick is the usual bound). */
const MAX_LOCK_RETRY_MS = 15_000

export interface SchedulerRole {
  readonly lock: SchedulerLock
  /** Stops ticking and releases the lock (ending its session), so another scheduler takes over at once. */
  close(): Promise<void>
}

/**
 * The scheduler role: node-cron ticks that only enqueue, on the instance
 * holding the PostgreSQL advisory lock. An instance without the lock tries
 * again at least once per order-sync tick, so when the holder dies its
 * session (and lock) goes with it and a standby schedules within two ticks.
 */
export async function startSchedulerRole(infra: Infra, redis: QueueInfra): Promise<SchedulerRole> {
  const { config, database } = infra
  const lock = await acquireSchedulerLock(config.databaseUrl, {
    retryMs: Math.min(MAX_LOCK_RETRY_MS, infra.syncIntervalSeconds * 1000),
  })
  const syncs = startOrderSyncSchedule({
    intervalSeconds: infra.syncIntervalSeconds,
    platforms: Object.keys(infra.platforms) as Platform[],
    queues: redis.queues,
    lock,
  })
  const pushes = startGroupPushSchedule({ db: database.db, queue: redis.pushQueue, lock, timeZone: config.timeZone, spreadMs: config.pushes.spreadMs })
  log.info('scheduler role started', { holdsLock: lock.held(), syncEverySeconds: infra.syncIntervalSeconds })
  return {
    lock,
    close: async () => {
      syncs.stop()
      pushes.stop()
      await lock.release()
    },
  }
}
