import { createLogger } from '../../src/shared/log.js'
import type { Infra } from '../infra.js'
import type { SchedulerRole } from './scheduler.role.js'
import type { WebRole } from './web.role.js'
import type { WorkerRole } from './worker.role.js'

const log = createLogger('app')

/**
 * The roles of this process besides the bot (which its transport starts: a
 * puppet or the terminal): the web role, and those that run on Redis.
 */
export interface BackgroundRoles {
  readonly web: WebRole | undefined
  readonly worker: WorkerRole | undefined
  readonly scheduler: SchedulerRole | undefined
  /**
   * The web server first (no new page views; buffered clicks written), the
   * scheduler (no new ticks, lock released at once), then the worker finishes
   * its jobs within `timeoutMs`.
   */
  close(timeoutMs: number): Promise<void>
}

export async function startBackgroundRoles(infra: Infra): Promise<BackgroundRoles> {
  // Started first: without PUBLIC_BASE_URL the chat's landing links take the address it binds.
  // Each role's code is loaded only by a process that runs it: a bot process never holds Fastify, the console's
  // pages or bull-board (the bot role's memory target is 150 MB).
  const web = infra.roles.has('web') ? await (await import('./web.role.js')).startWebRole(infra) : undefined
  const redis = infra.redis
  if (redis === 'none') return { web, worker: undefined, scheduler: undefined, close: async () => await web?.close() }
  let worker: WorkerRole | undefined
  let scheduler: SchedulerRole | undefined
  try {
    worker = infra.roles.has('worker') ? await (await import('./worker.role.js')).startWorkerRole(infra, redis) : undefined
    scheduler = infra.roles.has('scheduler') ? await (await import('./scheduler.role.js')).startSchedulerRole(infra, redis) : undefined
  } catch (error) {
    await worker?.close(0)
    await web?.close()
    throw error
  }
  return {
    web,
    worker,
    scheduler,
    close: async (timeoutMs) => {
      await web?.close()
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
