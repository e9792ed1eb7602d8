import { createServer } from 'node:net'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  databaseCheck,
  loggedInCheck,
  migrationsCheck,
  redisCheck,
  startMetricsServer,
  type MetricsServer,
} from '../../../cli/metrics-server.js'
import { loadConfig } from '../../../src/config.js'
import { convertLinks } from '../../../src/conversions/conversion.service.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { appendTransaction } from '../../../src/ledger/ledger.repository.js'
import { userAccount } from '../../../src/ledger/accounts.js'
import { creditOrders, creditOrdersIn } from '../../../src/orders/credit-order.service.js'
import { requestWithdrawal } from '../../../src/withdrawals/withdrawal.service.js'
import { createDatabaseGauges } from '../../../src/metrics/database-gauges.js'
import { enableDefaultMetrics, metricsRegistry } from '../../../src/metrics/metrics.js'
import { readGaugeSnapshot } from '../../../src/metrics/metrics.service.js'
import { storeOrders } from '../../../src/orders/store-orders.service.js'
import { createPlatforms } from '../../../src/platforms/create-platforms.js'
import { createRedisConnection, untilReady } from '../../../src/queue/redis-connection.js'
import { setLogSink } from '../../../src/shared/log.js'
import { StartupError } from '../../../src/shared/startup-error.js'
import { simItem } from '../../../src/simulator/catalog.js'
import { startSimulator, type RunningSimulator } from '../../../src/simulator/simulator-server.js'
import { ensureUser } from '../../../src/users/user.service.js'
import { newUser, platformOrder } from '../../support/order-factory.js'
import { parsePrometheusText, type Scrape } from '../../support/prometheus-text.js'
import { openPrivateDatabase, openTestDatabase, preferredBackend } from '../../support/test-databases.js'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

function findKey(test: (key: string) => boolean): string {
  for (let n = 100_000_000_000 + Math.floor(Math.random() * 1e6); ; n++) if (test(String(n))) return String(n)
}

async function get(url: string): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(url)
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() }
}

describe('the metrics server', () => {
  let handle: DatabaseHandle
  let sim: RunningSimulator
  let redis: Redis
  let server: MetricsServer
  let loggedIn = true
  const config = loadConfig({ LOG_LEVEL: 'silent', PLATFORM_TIMEOUT_MS: '2000', PLATFORM_RETRY_BASE_MS: '1' })
  const scrape = async (): Promise<Scrape> => {
    const response = await get(`${server.url}/metrics`)
    expect(response.status).toBe(200)
    return parsePrometheusText(response.text)
  }

  beforeAll(async () => {
    setLogSink(() => undefined)
    // Its own database: the gauges report whole tables (withdrawals, accounts, cursors).
    handle = await openPrivateDatabase(preferredBackend())
    sim = await startSimulator({ port: 0 })
    redis = createRedisConnection(REDIS_URL)
    await untilReady(redis, 2000)
    enableDefaultMetrics()
    server = await startMetricsServer({
      host: '127.0.0.1',
      port: 0,
      registries: [metricsRegistry, createDatabaseGauges({ read: () => readGaugeSnapshot(handle.db), timeoutMs: 2000 })],
      checks: [databaseCheck(handle.db), migrationsCheck(handle.db), redisCheck(redis), loggedInCheck(() => loggedIn)],
    })
  })
  afterAll(async () => {
    await server?.close()
    await redis?.quit()
    await sim?.close()
    await handle?.close()
  })

  it('/healthz answers while the process runs', async () => {
    const response = await get(`${server.url}/healthz`)
    expect(response.status).toBe(200)
    expect(JSON.parse(response.text)).toEqual({ status: 'ok' })
  })

  it('/metrics is Prometheus text with the process metrics and ours', async () => {
    const response = await get(`${server.url}/metrics`)
    expect(response.type).toBe('text/plain; version=0.0.4; charset=utf-8')
    const metrics = parsePrometheusText(response.text)
    for (const [name, type] of [
      ['process_cpu_user_seconds_total', 'counter'],
      ['nodejs_eventloop_lag_seconds', 'gauge'],
      ['rebate_bot_messages_received_total', 'counter'],
      ['rebate_bot_messages_sent_total', 'counter'],
      ['rebate_bot_conversions_total', 'counter'],
      ['rebate_bot_platform_request_duration_seconds', 'histogram'],
      ['rebate_bot_platform_request_errors_total', 'counter'],
      ['rebate_bot_orders_stored_total', 'counter'],
      ['rebate_bot_order_rows_rejected_total', 'counter'],
      ['rebate_bot_ledger_movements_total', 'counter'],
      ['rebate_bot_clicks_total', 'counter'],
      ['rebate_bot_pending_withdrawals', 'gauge'],
      ['rebate_bot_outbox_backlog', 'gauge'],
      ['rebate_bot_account_state', 'gauge'],
      ['rebate_bot_order_sync_lag_seconds', 'gauge'],
    ] as const) {
      expect(metrics.types.get(name), name).toBe(type)
    }
  })

  it('a link converted through the service counts once under its platform and outcome, with its platform calls timed', async () => {
    const platforms = createPlatforms(config, sim)
    const shares = { userShareBp: 6000 }
    const who = { contactId: `metrics-${Date.now()}`, displayName: '指标' }
    const good = findKey((k) => simItem('jd', k).inProgram)
    const outside = findKey((k) => !simItem('jd', k).inProgram)
    const before = await scrape()

    const [converted] = await convertLinks({ db: handle.db, platforms, ...shares }, { ...who, text: 'x', links: [{ platform: 'jd', itemId: good }] })
    expect(converted?.ok).toBe(true)
    const [refused] = await convertLinks({ db: handle.db, platforms, ...shares }, { ...who, text: 'x', links: [{ platform: 'jd', itemId: outside }] })
    expect(refused).toMatchObject({ ok: false, failure: 'not-promotable' })

    const after = await scrape()
    const delta = (name: string, labels: Record<string, string>) => after.value(name, labels) - before.value(name, labels)
    expect(delta('rebate_bot_conversions_total', { platform: 'jd', outcome: 'converted' })).toBe(1)
    expect(delta('rebate_bot_conversions_total', { platform: 'jd', outcome: 'not-promotable' })).toBe(1)
    expect(delta('rebate_bot_conversions_total', { platform: 'taobao', outcome: 'converted' })).toBe(0)
    const jdCalls = [...after.values].filter(([key]) => key.startsWith('rebate_bot_platform_request_duration_seconds_count{method="jd.union.open.'))
    const callsBefore = [...before.values].filter(([key]) => key.startsWith('rebate_bot_platform_request_duration_seconds_count{method="jd.union.open.'))
    const sum = (rows: [string, number][]) => rows.reduce((total, [, n]) => total + n, 0)
    expect(sum(jdCalls) - sum(callsBefore)).toBeGreaterThanOrEqual(2)
  })

  it('orders stored count where the sync stores them; ledger movements once their transaction commits', async () => {
    const credit = { db: handle.db, userShareBp: 6000, attributionWindowMs: 3_600_000 }
    const kind = (k: string) => ({ kind: k })
    const before = await scrape()
    const buyer = await newUser(handle.db)
    const orders = [0, 1, 2].map(() => platformOrder({ platform: 'pdd', attributionId: buyer.attribution_id, estimatedCommissionFen: 1000 }))
    const stored = await storeOrders(handle.db, orders)
    expect(stored.stored).toBe(3)
    const [first, second, third] = stored.credit.map((c) => c.orderRowId)

    await creditOrders(credit, [first ?? '', second ?? ''])
    // A replay posts nothing and counts nothing.
    await creditOrders(credit, [first ?? ''])
    // Rolled back after crediting: counted nowhere (its retry would count it once).
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await creditOrdersIn(trx, credit, [third ?? ''])
        throw new Error('commit failed')
      }),
    ).rejects.toThrow('commit failed')
    await creditOrders(credit, [third ?? ''])
    // Available money to withdraw, straight into the ledger (the repository counts nothing: only committed use-cases do).
    await appendTransaction(handle.db, {
      idempotencyKey: `metrics-test:${buyer.id}`,
      kind: 'buyer:settle',
      orderRowId: null,
      userId: buyer.id,
      postings: [
        { account: userAccount(buyer.id, 'available'), userId: buyer.id, amountFen: 500 },
        { account: 'platform:pdd:rebates', userId: null, amountFen: -500 },
      ],
    })
    const withdrawals = { db: handle.db, minimumFen: 100, dailyLimit: 5 }
    const who = { contactId: buyer.contact_id, displayName: buyer.display_name }
    expect((await requestWithdrawal(withdrawals, who, 100)).kind).toBe('requested')
    // More than is available: refused, nothing moved.
    expect((await requestWithdrawal(withdrawals, who, 999_999)).kind).not.toBe('requested')

    const after = await scrape()
    const delta = (name: string, labels: Record<string, string>) => after.value(name, labels) - before.value(name, labels)
    expect(delta('rebate_bot_orders_stored_total', { platform: 'pdd' })).toBe(3)
    expect(delta('rebate_bot_ledger_movements_total', kind('buyer:pending'))).toBe(3)
    expect(delta('rebate_bot_ledger_movements_total', kind('buyer:settle'))).toBe(0)
    expect(delta('rebate_bot_ledger_movements_total', kind('withdrawal:hold'))).toBe(1)
  })

  it('the database gauges reflect seeded rows: pending withdrawals, accounts, order-sync lag', async () => {
    // Other tests here make withdrawals too: compare with a scrape before seeding.
    const before = await scrape()
    const user = await ensureUser(handle.db, { contactId: `withdrawer-${Date.now()}`, displayName: '提现' })
    await handle.db
      .insertInto('withdrawals')
      .values([
        { user_id: user.id, amount_fen: 1000, status: 'pending' },
        { user_id: user.id, amount_fen: 2500, status: 'pending' },
        { user_id: user.id, amount_fen: 700, status: 'paying' },
        { user_id: user.id, amount_fen: 9900, status: 'paid' },
      ])
      .execute()
    await handle.db.insertInto('bot_accounts').values({ name: 'shop-2', state: 'limited', backlog: 7, paused: true }).execute()
    await handle.db.insertInto('order_sync_cursors').values({ platform: 'taobao', synced_until: new Date(Date.now() - 120_000), stopped_reason: 'keys' }).execute()

    const metrics = await scrape()
    const delta = (name: string, status: string) => metrics.value(name, { status }) - before.value(name, { status })
    expect(delta('rebate_bot_pending_withdrawals', 'pending')).toBe(2)
    expect(delta('rebate_bot_pending_withdrawals_amount_fen', 'pending')).toBe(3500)
    expect(delta('rebate_bot_pending_withdrawals', 'paying')).toBe(1)
    expect(delta('rebate_bot_pending_withdrawals_amount_fen', 'paying')).toBe(700)
    const counted = await handle.db.selectFrom('withdrawals').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow()
    expect(metrics.value('rebate_bot_pending_withdrawals', { status: 'pending' })).toBe(Number(counted.n))
    expect(metrics.value('rebate_bot_outbox_backlog', { account: 'shop-2' })).toBe(7)
    expect(metrics.value('rebate_bot_account_state', { account: 'shop-2', state: 'limited' })).toBe(1)
    expect(metrics.value('rebate_bot_account_state', { account: 'shop-2', state: 'logged-in' })).toBe(0)
    expect(metrics.value('rebate_bot_account_paused', { account: 'shop-2' })).toBe(1)
    const lag = metrics.value('rebate_bot_order_sync_lag_seconds', { platform: 'taobao' })
    expect(lag).toBeGreaterThanOrEqual(120)
    expect(lag).toBeLessThan(180)
    expect(metrics.value('rebate_bot_order_sync_stopped', { platform: 'taobao' })).toBe(1)
  })

  it('/readyz: 200 when every check passes, 503 naming the one that fails', async () => {
    const ready = await get(`${server.url}/readyz`)
    expect(ready.status).toBe(200)
    expect(JSON.parse(ready.text)).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok', redis: 'ok', 'logged-in': 'ok' },
    })
    loggedIn = false
    try {
      const notReady = await get(`${server.url}/readyz`)
      expect(notReady.status).toBe(503)
      expect(JSON.parse(notReady.text)).toMatchObject({ status: 'not ready', failed: ['logged-in'], checks: { database: 'ok', redis: 'ok' } })
    } finally {
      loggedIn = true
    }
  })

  it('/readyz: a migration the database has not run fails the migrations check', async () => {
    const last = await handle.db.selectFrom('kysely_migration' as never).select('name' as never).orderBy('name' as never, 'desc').executeTakeFirstOrThrow()
    const name = (last as { name: string }).name
    const row = await handle.db.deleteFrom('kysely_migration' as never).where('name' as never, '=', name as never).returningAll().executeTakeFirstOrThrow()
    try {
      const response = await get(`${server.url}/readyz`)
      expect(response.status).toBe(503)
      const body = JSON.parse(response.text) as { failed: string[]; checks: Record<string, string> }
      expect(body.failed).toEqual(['migrations'])
      expect(body.checks.migrations).toContain(name)
    } finally {
      await handle.db.insertInto('kysely_migration' as never).values(row as never).execute()
    }
    expect((await get(`${server.url}/readyz`)).status).toBe(200)
  })

  it('/readyz: Redis unreachable fails the redis check within a second', async () => {
    const closedPort = await freePort()
    const unreachable = createRedisConnection(`redis://127.0.0.1:${closedPort}`)
    unreachable.on('error', () => undefined)
    const other = await startMetricsServer({ host: '127.0.0.1', port: 0, registries: [metricsRegistry], checks: [databaseCheck(handle.db), redisCheck(unreachable)] })
    try {
      const started = Date.now()
      const response = await get(`${other.url}/readyz`)
      expect(Date.now() - started).toBeLessThan(1500)
      expect(response.status).toBe(503)
      expect(JSON.parse(response.text)).toMatchObject({ status: 'not ready', failed: ['redis'], checks: { database: 'ok' } })
    } finally {
      await other.close()
      unreachable.disconnect()
    }
  })

  it('/readyz: a closed database fails the database check; /metrics still answers with the last gauge values', async () => {
    const own = await openTestDatabase(preferredBackend())
    const other = await startMetricsServer({
      host: '127.0.0.1',
      port: 0,
      registries: [createDatabaseGauges({ read: () => readGaugeSnapshot(own.db), timeoutMs: 1000 })],
      checks: [databaseCheck(own.db), migrationsCheck(own.db)],
      checkTimeoutMs: 1000,
    })
    try {
      expect((await get(`${other.url}/readyz`)).status).toBe(200)
      expect((await get(`${other.url}/metrics`)).status).toBe(200)
      await own.close()
      const response = await get(`${other.url}/readyz`)
      expect(response.status).toBe(503)
      const body = JSON.parse(response.text) as { failed: string[] }
      expect(body.failed).toEqual(['database', 'migrations'])
      const metrics = await get(`${other.url}/metrics`)
      expect(metrics.status).toBe(200)
      expect(parsePrometheusText(metrics.text).value('rebate_bot_metrics_database_read_errors_total', { reason: 'error' })).toBe(1)
    } finally {
      await other.close()
    }
  })

  it('a port in use is a StartupError naming METRICS_PORT', async () => {
    const port = Number(new URL(server.url).port)
    const attempt = startMetricsServer({ host: '127.0.0.1', port, registries: [metricsRegistry], checks: [] })
    await expect(attempt).rejects.toBeInstanceOf(StartupError)
    await expect(attempt).rejects.toThrow(/METRICS_PORT: 127\.0\.0\.1:\d+ is already in use\. Each process on one machine needs its own METRICS_PORT \(or 0 for any free port\)/)
  })

  it('unknown paths are 404, other methods 405', async () => {
    expect((await get(`${server.url}/nope`)).status).toBe(404)
    expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).toBe(405)
  })
})

/** A port nothing listens on: bound, read, released. */
async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}
