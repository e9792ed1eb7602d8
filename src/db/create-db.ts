import { join, resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { createPgConfig } from '@electric-sql/pglite/node-postgres'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database } from './database.js'
import { lockDataDir } from './data-dir-lock.js'
import { ensurePgliteFiles, PGLITE_SETTINGS } from './pglite-files.js'
import { createLogger } from '../shared/log.js'

const log = createLogger('db')

export interface DatabaseHandle {
  readonly db: Kysely<Database>
  readonly backend: 'postgres' | 'pglite'
  close(): Promise<void>
}

export interface DatabaseOptions {
  readonly databaseUrl?: string | undefined
  /** Where the embedded database lives when there is no DATABASE_URL; 'memory' for a throwaway one. */
  readonly dataDir: string
  readonly poolSize?: number
}

/**
 * PostgreSQL when DATABASE_URL is set, else PGlite (PostgreSQL in WASM) in the
 * data directory. Both go through pg.Pool, so one Kysely dialect and the same
 * SQL serve both.
 */
export async function createDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    // JIT compiling costs milliseconds per query; ours are short lookups and batch writes whose
    // estimates can cross jit_above_cost while the tables grow, so it would only ever slow them.
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, options: '-c jit=off' })
    // An idle connection dropped by the server (restart, failover) must not take the process down:
    // the pool replaces it on next use.
    pool.on('error', (error) => log.warn('idle database connection lost', { error }))
    // One lost while a query runs fails that query, and the pool drops it on release; without a
    // listener pg would also throw the same error out of the process.
    pool.on('connect', (client) => client.on('error', () => undefined))
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return { db, backend: 'postgres', close: () => db.destroy() }
  }
  const inMemory = options.dataDir === 'memory'
  const dir = inMemory ? undefined : resolve(options.dataDir)
  const unlock = dir ? lockDataDir(dir) : () => undefined
  try {
    const startParams = [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((setting) => ['-c', setting])]
    let lite: PGlite
    if (dir) {
      const files = join(dir, 'pglite')
      const init = await ensurePgliteFiles(files)
      if (init) log.info('embedded database created', { dir: files, seconds: init.seconds, initPeakMb: init.peakMb })
      lite = await PGlite.create(files, { startParams })
    } else {
      lite = await PGlite.create({ startParams })
    }
    const pool = new pg.Pool(createPgConfig(lite) as pg.PoolConfig)
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return {
      db,
      backend: 'pglite',
      close: async () => {
        await db.destroy()
        await lite.close()
        unlock()
      },
    }
  } catch (error) {
    unlock()
    throw error
  }
}
