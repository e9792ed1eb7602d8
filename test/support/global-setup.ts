import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureRedis } from '../../cli/ensure-redis.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { pingRedis } from '../../src/queue/redis-connection.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A freshly created, migrated PostgreSQL database for this run; '' when DATABASE_URL is unset. */
    postgresUrl: string
  }
}

/**
 * With DATABASE_URL set (CI), every run gets its own database on that server,
 * created and migrated once here and dropped at the end; tests never touch
 * the database DATABASE_URL names.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const stopRedis = await redisForTests()
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) {
    project.provide('postgresUrl', '')
    return stopRedis
  }
  const name = `rebate_bot_test_${process.pid}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 1 }) }) })
  await migrateToLatest(db)
  await db.destroy()
  project.provide('postgresUrl', url.toString())
  return async () => {
    await stopRedis()
    const drop = new pg.Client({ connectionString: serverUrl })
    await drop.connect()
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await drop.end()
  }
}

/**
 * The integration tests need Redis. With none at REDIS_URL (default
 * 127.0.0.1:6379) a private redis-server is started for this run on a free
 * port, in a throwaway directory, and stopped at the end; the workers see
 * it through REDIS_URL. With no redis-server installed either the run stops
 * at once with one line saying how to get Redis, instead of hanging on retries.
 */
async function redisForTests(): Promise<() => Promise<void>> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
  if (await pingRedis(url, 1000)) return async () => undefined
  const redis = await ensureRedis(url, mkdtempSync(join(tmpdir(), 'rebate-test-redis-')), process.env.PATH ?? '')
  if (!redis) {
    throw new Error(`No Redis answers at ${url} and redis-server is not installed: install it (apt-get install redis-server) or set REDIS_URL to a Redis`)
  }
  process.env.REDIS_URL = redis.url
  return () => redis.stop()
}
