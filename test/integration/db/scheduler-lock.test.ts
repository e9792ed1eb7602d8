import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { acquireSchedulerLock } from '../../../src/db/scheduler-lock.js'
import { setLogSink } from '../../../src/shared/log.js'

const until = async (check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> => {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((done) => setTimeout(done, 50))
  }
}

/** Terminates every session of the database that holds or waits for an advisory lock (as an administrator would). */
async function terminateLockSessions(adminUrl: string, database: string): Promise<number> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  const result = await admin.query(
    `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and query like '%advisory%'`,
    [database],
  )
  await admin.end()
  return result.rowCount ?? 0
}

describe.runIf(inject('postgresUrl'))('the scheduler lock when PostgreSQL drops its session', () => {
  const base = new URL(inject('postgresUrl') || 'postgres://unused/x')
  const name = `${base.pathname.slice(1)}_lock_${Math.random().toString(36).slice(2, 8)}`
  const url = new URL(base.toString())
  url.pathname = `/${name}`
  const logs: string[] = []

  beforeAll(async () => {
    setLogSink((line) => logs.push(line))
    const admin = new pg.Client({ connectionString: base.toString() })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
  })
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: base.toString() })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  })

  it('the holder survives pg_terminate_backend, knows it lost the lock, and another instance takes over; the lock comes back after', async () => {
    const first = await acquireSchedulerLock(url.toString(), { retryMs: 100 })
    const second = await acquireSchedulerLock(url.toString(), { retryMs: 100 })
    try {
      expect([first.held(), second.held()]).toEqual([true, false])
      expect(await first.confirm()).toBe(true)

      expect(await terminateLockSessions(base.toString(), name)).toBeGreaterThan(0)
      // Both sessions were cut: neither process died, one of them holds the lock again, never both.
      await until(async () => (await first.confirm()) || (await second.confirm()))
      expect([first.held(), second.held()].filter(Boolean)).toHaveLength(1)
      expect(logs.some((l) => l.includes('scheduler lock'))).toBe(true)

      const holder = first.held() ? first : second
      const other = holder === first ? second : first
      await holder.release()
      await until(() => other.held())
      expect(await other.confirm()).toBe(true)
    } finally {
      await first.release()
      await second.release()
    }
  })

  it('a holder whose session is gone reports it at the next check instead of ticking', async () => {
    const lock = await acquireSchedulerLock(url.toString(), { retryMs: 60_000 })
    try {
      expect(lock.held()).toBe(true)
      await terminateLockSessions(base.toString(), name)
      await until(async () => !(await lock.confirm()))
      expect(lock.held()).toBe(false)
    } finally {
      await lock.release()
    }
  })
})
