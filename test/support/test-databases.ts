import pg from 'pg'
import { inject } from 'vitest'
import { createDatabase, type DatabaseHandle } from '../../src/db/create-db.js'
import { migrateToLatest } from '../../src/db/migrate.js'

export type Backend = 'postgres' | 'pglite'

/** The backends this run can test: PGlite always, PostgreSQL when DATABASE_URL was set. */
export function availableBackends(): Backend[] {
  return inject('postgresUrl') ? ['pglite', 'postgres'] : ['pglite']
}

/** The preferred backend for tests that need one database: real PostgreSQL when there is one. */
export function preferredBackend(): Backend {
  return inject('postgresUrl') ? 'postgres' : 'pglite'
}

/** A migrated database: the run's PostgreSQL database, or a new in-memory PGlite. */
export async function openTestDatabase(backend: Backend): Promise<DatabaseHandle> {
  if (backend === 'postgres') {
    return createDatabase({ databaseUrl: inject('postgresUrl'), dataDir: 'memory', poolSize: 4 })
  }
  const handle = await createDatabase({ dataDir: 'memory' })
  await migrateToLatest(handle.db)
  return handle
}

/**
 * A database of the test's own, for tests whose state is global per database
 * (sync cursors, stopped platforms): on PostgreSQL a fresh database next to
 * the run's, dropped on close; on PGlite a new in-memory one.
 */
export async function openPrivateDatabase(backend: Backend): Promise<DatabaseHandle> {
  if (backend === 'pglite') return openTestDatabase('pglite')
  const base = new URL(inject('postgresUrl'))
  const name = `${base.pathname.slice(1)}_${Math.random().toString(36).slice(2, 10)}`
  const admin = new pg.Client({ connectionString: base.toString() })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(base)
  url.pathname = `/${name}`
  const handle = await createDatabase({ databaseUrl: url.toString(), dataDir: 'memory', poolSize: 4 })
  await migrateToLatest(handle.db)
  return {
    ...handle,
    close: async () => {
      await handle.close()
      const drop = new pg.Client({ connectionString: base.toString() })
      await drop.connect()
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await drop.end()
    },
  }
}
