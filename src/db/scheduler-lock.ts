import pg from 'pg'
import { createLogger } from '../shared/log.js'

const log = createLogger('scheduler-lock')

export interface SchedulerLock {
  /** Whether this process held the lock at its last check (it tries again while it does not). */
  held(): boolean
  /**
   * Asks PostgreSQL whether this session still holds the lock (a terminated
   * or restarted session has silently lost it); a tick calls this first.
   */
  confirm(): Promise<boolean>
  release(): Promise<void>
}

/** Any constant shared by every instance: the key of the PostgreSQL advisory lock. */
const SCHEDULER_LOCK_KEY = 727_001

export interface SchedulerLockOptions {
  /** How often an instance without the lock tries to take it (the holder may die). */
  readonly retryMs?: number
}

/**
 * Only the instance holding a PostgreSQL advisory lock schedules, so two
 * schedulers never enqueue the same tick. The lock lives on a dedicated
 * session. When PostgreSQL drops that session (a restart, an administrator's
 * pg_terminate_backend) the lock is gone with it: the instance says so once,
 * reconnects and competes for the lock again, and never dies of it. The
 * embedded database serves one process, which always holds it.
 */
export async function acquireSchedulerLock(databaseUrl: string | undefined, options: SchedulerLockOptions = {}): Promise<SchedulerLock> {
  if (!databaseUrl) return { held: () => true, confirm: async () => true, release: async () => undefined }
  const retryMs = options.retryMs ?? 15_000
  let client: pg.Client | undefined
  let held = false
  let stopped = false
  let failing = false

  const drop = (reason: unknown): void => {
    const lost = held
    held = false
    const gone = client
    client = undefined
    gone?.removeAllListeners('error')
    gone?.on('error', () => undefined)
    void gone?.end().catch(() => undefined)
    if (stopped) return
    if (lost) log.warn('lost the scheduler lock with its database session; reconnecting', { error: reason })
    else if (!failing) log.warn('scheduler lock session failed; retrying', { error: reason })
    failing = true
  }

  const session = async (): Promise<pg.Client> => {
    if (client) return client
    const next = new pg.Client({ connectionString: databaseUrl })
    // Without a listener an 'error' on an idle client (terminated session) kills the process.
    next.on('error', (error) => {
      if (client === next) drop(error)
    })
    next.on('end', () => {
      if (client === next) drop(new Error('database session ended'))
    })
    client = next
    try {
      await next.connect()
    } catch (error) {
      if (client === next) drop(error)
      throw error
    }
    return next
  }

  const attempt = async (): Promise<void> => {
    if (held || stopped) return
    try {
      const result = await (await session()).query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [SCHEDULER_LOCK_KEY])
      held = result.rows[0]?.locked === true
      if (failing) log.info('scheduler lock session is back', { held })
      if (held) log.info('took the scheduler lock: this instance schedules')
      failing = false
    } catch (error) {
      drop(error)
    }
  }

  await attempt()
  const timer = setInterval(() => void attempt(), retryMs)
  timer.unref()
  return {
    held: () => held,
    confirm: async () => {
      if (!held || !client) return false
      try {
        const result = await client.query<{ holds: boolean }>(
          `select exists (select 1 from pg_locks where locktype = 'advisory' and objid = $1 and pid = pg_backend_pid() and granted) as holds`,
          [SCHEDULER_LOCK_KEY],
        )
        held = result.rows[0]?.holds === true
      } catch (error) {
        drop(error)
      }
      return held
    },
    release: async () => {
      stopped = true
      clearInterval(timer)
      const last = client
      client = undefined
      const had = held
      held = false
      if (last) {
        last.removeAllListeners('error')
        last.on('error', () => undefined)
        // Ending the session releases the advisory lock: another scheduler takes it on its next attempt.
        await last.end().catch(() => undefined)
        if (had) log.info('released the scheduler lock')
      }
    },
  }
}
