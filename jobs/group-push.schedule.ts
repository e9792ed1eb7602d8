import cron from 'node-cron'
import type { Kysely } from 'kysely'
import type { Database } from '../src/db/database.js'
import type { SchedulerLock } from '../src/db/scheduler-lock.js'
import { duePushesAt } from '../src/deals/due-pushes.service.js'
import type { PushQueue } from '../src/queue/push-queue.js'
import { createLogger } from '../src/shared/log.js'

const log = createLogger('scheduler')

export interface GroupPushTickDeps {
  readonly db: Kysely<Database>
  readonly queue: PushQueue
  readonly lock: SchedulerLock
  readonly timeZone: string
  readonly spreadMs: number
}

/**
 * One scheduler tick: only the lock holder looks; it only enqueues the
 * pushes due this minute, with ids (group + slot) that make a second
 * scheduler's identical tick a no-op.
 */
export async function groupPushTick(deps: GroupPushTickDeps, at: Date): Promise<number> {
  if (!deps.lock.held() || !(await deps.lock.confirm())) return 0
  const due = await duePushesAt(deps.db, at, deps.timeZone, deps.spreadMs)
  await deps.queue.enqueue(due)
  return due.length
}

/** Ticks at the start of every minute in the configured time zone. */
export function startGroupPushSchedule(deps: GroupPushTickDeps): { stop(): void } {
  const task = cron.schedule(
    '0 * * * * *',
    () => {
      groupPushTick(deps, new Date()).catch((error: unknown) => log.warn('group push tick failed', { error }))
    },
    { name: 'group-push', timezone: deps.timeZone, noOverlap: true },
  )
  return { stop: () => void task.stop() }
}
