import { mkdirSync, writeFileSync } from 'node:fs'
import pg from 'pg'
import { loadConfig, readEnvironment } from '../src/config.js'
import { createDatabase, type DatabaseHandle } from '../src/db/create-db.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { pingRedis } from '../src/queue/redis-connection.js'
import { setLogLevel } from '../src/shared/log.js'
import type { BenchRow } from './bench-row.js'
import { benchGroupPush } from './group-push.js'
import { benchOrderIngest } from './order-ingest.js'
import { benchParser } from './parse-throughput.js'
import { benchPipeline } from './pipeline-latency.js'
import { benchShopperLatency } from './shopper-latency.js'
import { benchWithdrawals } from './withdrawal-concurrency.js'

const BENCH_DB = 'rebate_bot_bench'

/** A throwaway database of the bench's own on the configured PostgreSQL server. */
async function benchPostgres(serverUrl: string): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  const admin = async (statement: string): Promise<void> => {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    await client.query(statement)
    await client.end()
  }
  await admin(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`)
  await admin(`CREATE DATABASE ${BENCH_DB}`)
  const url = new URL(serverUrl)
  url.pathname = `/${BENCH_DB}`
  const handle = await createDatabase({ databaseUrl: url.toString(), dataDir: 'memory' })
  await migrateToLatest(handle.db)
  return { handle, drop: () => admin(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`) }
}

async function main(): Promise<void> {
  const config = loadConfig(readEnvironment())
  setLogLevel('silent')
  const rows: BenchRow[] = []
  rows.push(...(await benchParser()))

  const embedded = await createDatabase({ dataDir: 'memory' })
  await migrateToLatest(embedded.db)
  try {
    rows.push(...(await benchPipeline(embedded, 'PGlite')))
  } finally {
    await embedded.close()
  }
  if (!config.databaseUrl) process.stdout.write('PostgreSQL benchmarks skipped: set DATABASE_URL (order ingest also needs Redis)\n')
  if (config.databaseUrl) {
    const { handle, drop } = await benchPostgres(config.databaseUrl)
    try {
      rows.push(...(await benchPipeline(handle, 'PostgreSQL')))
      rows.push(...(await benchShopperLatency(handle, 'PostgreSQL')))
      rows.push(...(await benchWithdrawals(handle.db)))
      if (await pingRedis(config.redisUrl, 1000)) {
        rows.push(...(await benchPipeline(handle, 'PostgreSQL', config.redisUrl)))
        rows.push(...(await benchOrderIngest(handle.db, config.redisUrl)))
        rows.push(...(await benchGroupPush(handle.db, config.redisUrl)))
      } else process.stdout.write(`order ingest skipped: no Redis at ${config.redisUrl}\n`)
    } finally {
      await handle.close()
      await drop()
    }
  }

  const table = rows.map((r) => {
    const ok = r.target === null ? '' : (r.better === 'higher' ? r.value >= r.target : r.value <= r.target) ? 'ok' : 'MISSED'
    return `${r.name.padEnd(48)} ${String(r.value).padStart(12)} ${r.unit.padEnd(7)} ${r.target === null ? '' : `target ${r.better === 'higher' ? '≥' : '≤'} ${r.target}`} ${ok}`
  })
  process.stdout.write(table.join('\n') + '\n')
  mkdirSync(new URL('.', import.meta.url), { recursive: true })
  writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify(rows, null, 2) + '\n')
}

await main()
