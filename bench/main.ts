import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import pg from 'pg'
import { loadConfig, readEnvironment } from '../src/config.js'
import { createDatabase, type DatabaseHandle } from '../src/db/create-db.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { pingRedis } from '../src/queue/redis-connection.js'
import { setLogLevel } from '../src/shared/log.js'
import type { BenchRow } from './bench-row.js'
import { benchFuzz } from './fuzz.js'
import { benchAccountPushSlot } from './account-push.js'
import { benchFunnelReports } from './funnel-report.js'
import { benchGroupPush } from './group-push.js'
import { benchLanding } from './landing.js'
import { benchOrderIngest } from './order-ingest.js'
import { benchParser } from './parse-throughput.js'
import { benchRelay } from './relay.js'
import { benchPipeline } from './pipeline-latency.js'
import { benchRoles } from './roles.js'
import { benchShopperLatency } from './shopper-latency.js'
import { benchWithdrawals } from './withdrawal-concurrency.js'

const BENCH_DB = 'rebate_bot_bench'

/** A throwaway database of the bench's own on the configured PostgreSQL server. */
async function benchPostgres(serverUrl: string, name = BENCH_DB): Promise<{ handle: DatabaseHandle; url: string; drop: () => Promise<void> }> {
  const admin = async (statement: string): Promise<void> => {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    await client.query(statement)
    await client.end()
  }
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin(`CREATE DATABASE ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const handle = await createDatabase({ databaseUrl: url.toString(), dataDir: 'memory' })
  await migrateToLatest(handle.db)
  return { handle, url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) }
}

/** Benchmark groups `npm run bench -- <name>…` can pick; no name runs them all. */
const GROUPS = ['parser', 'pipeline', 'shopper', 'withdrawals', 'order-ingest', 'group-push', 'accounts', 'landing', 'funnel', 'fuzz', 'roles', 'relay'] as const
type Group = (typeof GROUPS)[number]

function chosenGroups(args: readonly string[]): ReadonlySet<Group> {
  const unknown = args.filter((a) => !(GROUPS as readonly string[]).includes(a))
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}: choose from ${GROUPS.join(', ')}`)
  return new Set(args.length === 0 ? GROUPS : (args as Group[]))
}

async function main(): Promise<void> {
  const config = loadConfig(readEnvironment())
  const want = chosenGroups(process.argv.slice(2))
  setLogLevel('silent')
  const rows: BenchRow[] = []
  if (want.has('parser')) rows.push(...(await benchParser()))

  if (want.has('pipeline') || (want.has('fuzz') && !config.databaseUrl)) {
    const embedded = await createDatabase({ dataDir: 'memory' })
    await migrateToLatest(embedded.db)
    try {
      if (want.has('pipeline')) rows.push(...(await benchPipeline(embedded, 'PGlite')))
      if (want.has('fuzz') && !config.databaseUrl) rows.push(...(await benchFuzz(embedded, 'PGlite')))
    } finally {
      await embedded.close()
    }
  }
  const onPostgres = [...want].some((g) => g !== 'parser')
  if (!config.databaseUrl && onPostgres) process.stdout.write('PostgreSQL benchmarks skipped: set DATABASE_URL (order ingest also needs Redis)\n')
  if (config.databaseUrl && onPostgres) {
    const { handle, url, drop } = await benchPostgres(config.databaseUrl)
    try {
      if (want.has('pipeline')) rows.push(...(await benchPipeline(handle, 'PostgreSQL')))
      if (want.has('shopper')) rows.push(...(await benchShopperLatency(handle, 'PostgreSQL')))
      if (want.has('withdrawals')) rows.push(...(await benchWithdrawals(handle.db)))
      if (want.has('fuzz')) rows.push(...(await benchFuzz(handle, 'PostgreSQL')))
      if (want.has('landing')) rows.push(...(await benchLanding(handle.db, url, config.redisUrl)))
      if (want.has('funnel')) {
        // A month of 1.3 million rows: a database of its own, so the other benchmarks run on their usual data.
        const month = await benchPostgres(config.databaseUrl, `${BENCH_DB}_funnel`)
        try {
          rows.push(...(await benchFunnelReports(month.handle.db)))
        } finally {
          await month.handle.close()
          await month.drop()
        }
      }
      const redisGroups = want.has('pipeline') || want.has('order-ingest') || want.has('group-push') || want.has('accounts') || want.has('roles') || want.has('relay')
      if (redisGroups && (await pingRedis(config.redisUrl, 1000))) {
        if (want.has('pipeline')) rows.push(...(await benchPipeline(handle, 'PostgreSQL', config.redisUrl)))
        if (want.has('order-ingest')) rows.push(...(await benchOrderIngest(handle.db, config.redisUrl)))
        if (want.has('group-push')) rows.push(...(await benchGroupPush(handle.db, config.redisUrl)))
        if (want.has('accounts')) rows.push(...(await benchAccountPushSlot(handle.db, config.redisUrl)))
        if (want.has('roles')) rows.push(...(await benchRoles(handle.db, url, config.redisUrl)))
        if (want.has('relay')) rows.push(...(await benchRelay(handle.db, config.redisUrl)))
      } else if (redisGroups) process.stdout.write(`order ingest skipped: no Redis at ${config.redisUrl}\n`)
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
  const resultsFile = new URL('./results.json', import.meta.url)
  // A partial run updates its own rows and keeps the others' last results.
  const kept = want.size < GROUPS.length && existsSync(resultsFile)
    ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as BenchRow[]).filter((old) => !rows.some((r) => r.name === old.name))
    : []
  writeFileSync(resultsFile, JSON.stringify([...kept, ...rows], null, 2) + '\n')
}

await main()
