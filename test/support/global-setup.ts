import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { migrateToLatest } from '../../src/db/migrate.js'

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
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) {
    project.provide('postgresUrl', '')
    return undefined
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
    const drop = new pg.Client({ connectionString: serverUrl })
    await drop.connect()
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await drop.end()
  }
}
