import pg from 'pg'

export interface SchedulerLock {
  /** Whether this process holds the lock now (it tries again while it does not). */
  held(): boolean
  release(): Promise<void>
}

/** Any constant shared by every instance: the key of the PostgreSQL advisory lock. */
const SCHEDULER_LOCK_KEY = 727_001

/**
 * Only the instance holding a PostgreSQL advisory lock schedules, so two
 * schedulers never enqueue the same tick. The lock lives on a dedicated
 * session and is re-tried while another instance holds it (that one may die).
 * The embedded database serves one process, which always holds it.
 */
export async function acquireSchedulerLock(databaseUrl: string | undefined, retryMs = 15_000): Promise<SchedulerLock> {
  if (!databaseUrl) return { held: () => true, release: async () => undefined }
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  let held = false
  let stopped = false
  const attempt = async (): Promise<void> => {
    if (held || stopped) return
    const result = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [SCHEDULER_LOCK_KEY])
    held = result.rows[0]?.locked === true
  }
  await attempt()
  const timer = setInterval(() => void attempt().catch(() => undefined), retryMs)
  timer.unref()
  return {
    held: () => held,
    release: async () => {
      stopped = true
      clearInterval(timer)
      await client.end()
    },
  }
}
