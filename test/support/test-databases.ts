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
