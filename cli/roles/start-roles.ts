import { createLogger } from '../../src/shared/log.js'
import type { Infra } from '../infra.js'
import { startSchedulerRole, type SchedulerRole } from './scheduler.role.js'
import { startWorkerRole, type WorkerRole } from './worker.role.js'

const log = createLogger('app')

/** The roles of this process that run on Redis (the bot role is started by its transport: a puppet or the terminal). */
export interface BackgroundRoles {
  readonly worker: WorkerRole | undefined
  readonly scheduler: SchedulerRole | undefined
  /** Scheduler first (no new ticks, lock released at once), then the worker finishes its jobs within `timeoutMs`. */
  close(timeoutMs: number): Promise<void>
}

export async function startBackgroundRoles(infra: Infra): Promise<BackgroundRoles> {
  const redis = infra.redis
  if (redis === 'none') return { worker: undefined, scheduler: undefined, close: async () => undefined }
  const worker = infra.roles.has('worker') ? await startWorkerRole(infra, redis) : undefined
  let scheduler: SchedulerRole | undefined
  try {
    scheduler = infra.roles.has('scheduler') ? await startSchedulerRole(infra, redis) : undefined
  } catch (error) {
    await worker?.close(0)
    throw error
  }
  return {
    worker,
    scheduler,
    close: async (timeoutMs) => {
      await scheduler?.close()
      await worker?.close(timeoutMs)
    },
  }
}

/** Resolves on the first SIGTERM or SIGINT (then the caller stops the roles and exits 0). */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      log.info('stopping: no new jobs; finishing those in flight', { signal })
      resolve(signal)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
