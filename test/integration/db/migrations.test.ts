import { Migrator, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrations } from '../../../migrations/index.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { appendTransaction, userBalances } from '../../../src/ledger/ledger.repository.js'
import { newUser } from '../../support/order-factory.js'
import { availableBackends, openPrivateDatabase } from '../../support/test-databases.js'

describe.each(availableBackends())('migrations on %s', (backend) => {
  let handle: DatabaseHandle
  let migrator: Migrator
  beforeAll(async () => {
    handle = await openPrivateDatabase(backend)
    migrator = new Migrator({ db: handle.db, provider: { getMigrations: () => Promise.resolve(migrations) } })
  })
  afterAll(async () => {
    await handle.close()
  })

  it('every migration rolls back and applies again, down to an empty schema and up to the latest', async () => {
    const names = Object.keys(migrations)
    const undone: string[] = []
    for (let i = 0; i < names.length; i++) {
      const { error, results = [] } = await migrator.migrateDown()
      expect(error).toBeUndefined()
      undone.push(...results.map((r) => r.migrationName))
    }
    expect(undone).toEqual([...names].reverse())
    const tables = await sql<{ n: string }>`
      select count(*) as n from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%'`.execute(handle.db)
    expect(Number(tables.rows[0]?.n)).toBe(0)
    const { error, results = [] } = await migrator.migrateToLatest()
    expect(error).toBeUndefined()
    expect(results.map((r) => [r.migrationName, r.status])).toEqual(names.map((name) => [name, 'Success']))
  })

  it('the lean-postings migration keeps a ledger with entries intact both ways', async () => {
    const user = await newUser(handle.db, 'ledger-keeper')
    const post = (key: string, fen: number) =>
      appendTransaction(handle.db, {
        idempotencyKey: key,
        kind: 'test',
        orderRowId: null,
        userId: user.id,
        postings: [
          { account: `user:${user.id}:available`, userId: user.id, amountFen: fen },
          { account: 'platform:jd:rebates', userId: null, amountFen: -fen },
        ],
      })
    expect(await post(`migrate-a-${user.id}`, 120)).toBe(true)
    const lean = '2026_11_23_000005_lean_ledger_postings'
    const before = Object.keys(migrations).indexOf(lean) - 1
    const { error: down } = await migrator.migrateTo(Object.keys(migrations)[before] ?? '')
    expect(down).toBeUndefined()
    expect((await userBalances(handle.db, user.id)).availableFen).toBe(120)
    const { error: up } = await migrator.migrateToLatest()
    expect(up).toBeUndefined()
    expect(await post(`migrate-b-${user.id}`, 30)).toBe(true)
    expect((await userBalances(handle.db, user.id)).availableFen).toBe(150)
    // Keyed by (transaction, account): one transaction cannot post to an account twice.
    await expect(
      appendTransaction(handle.db, {
        idempotencyKey: `migrate-c-${user.id}`,
        kind: 'test',
        orderRowId: null,
        userId: user.id,
        postings: [
          { account: `user:${user.id}:available`, userId: user.id, amountFen: 5 },
          { account: `user:${user.id}:available`, userId: user.id, amountFen: -5 },
        ],
      }),
    ).rejects.toThrow()
  })
})
