import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase, type DatabaseHandle } from '../../../src/db/create-db.js'
import { readSyncCursor, stopSync } from '../../../src/orders/sync-cursor.repository.js'
import { createOrderQueues } from '../../../src/queue/order-queues.js'
import { createRedisConnection } from '../../../src/queue/redis-connection.js'
import { syncOrders } from '../../../src/orders/order-sync.service.js'
import { userBalances } from '../../../src/ledger/ledger.repository.js'
import { newUser, platformOrder, ScriptedFeed } from '../../support/order-factory.js'
import { startRoleProcess, type RoleProcess } from '../../support/role-process.js'
import { seedLanding } from '../landing/seed-landing.js'

/** The scheduler lock's key (src/db/scheduler-lock.ts). */
const SCHEDULER_LOCK_KEY = 727_001

const scratch = (): string => mkdtempSync(join(tmpdir(), 'rebate-roles-'))

describe('bad --role values are one line and a non-zero exit', () => {
  it.each([
    [['--role', 'wrker'], {}, /^--role: unknown role "wrker"; choose from bot, worker, scheduler, web$/],
    [['--role', 'web'], {}, /^--role web: the embedded database \(PGlite, no DATABASE_URL\) belongs to one process.*set DATABASE_URL/],
    [['--role', 'worker'], {}, /^--role worker: the embedded database \(PGlite, no DATABASE_URL\) belongs to one process.*set DATABASE_URL/],
  ])('%j', { timeout: 60_000 }, async (args, env, message) => {
    const run = startRoleProcess(args, { REBATE_BOT_DATA_DIR: scratch(), REDIS_URL: 'redis://127.0.0.1:1', ...env })
    run.child.stdin?.end()
    expect(await run.exited()).toBe(2)
    const lines = run.stderr().split('\n').filter((line) => line.trim() !== '')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(message)
  })
})

describe.runIf(inject('postgresUrl'))('roles as separate processes on PostgreSQL and Redis', () => {
  const base = new URL(inject('postgresUrl') || 'postgres://unused/x')
  const name = `${base.pathname.slice(1)}_roles_${Math.random().toString(36).slice(2, 8)}`
  const url = new URL(base.toString())
  url.pathname = `/${name}`
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
  const prefix = `roles${process.pid}${Date.now() % 100_000}`
  let handle: DatabaseHandle
  const running: RoleProcess[] = []
  const env = (extra: Record<string, string> = {}): Record<string, string> => ({
    DATABASE_URL: url.toString(),
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    REBATE_BOT_DATA_DIR: scratch(),
    OUTBOX_MIN_GAP_MS: '0',
    OUTBOX_JITTER_MS: '0',
    ...extra,
  })
  const start = (args: string[], extra?: Record<string, string>): RoleProcess => {
    const run = startRoleProcess(args, env(extra))
    running.push(run)
    return run
  }

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: base.toString() })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    handle = await createDatabase({ databaseUrl: url.toString(), dataDir: 'memory', poolSize: 2 })
    // The first process migrates; the test's own rows need the schema first.
    const { migrateToLatest } = await import('../../../src/db/migrate.js')
    await migrateToLatest(handle.db)
  })
  afterAll(async () => {
    for (const run of running) if (run.child.exitCode === null) run.child.kill('SIGKILL')
    await handle?.close()
    const admin = new pg.Client({ connectionString: base.toString() })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  })

  it('a worker process credits a queued credit job, logs in to nothing, ticks nothing; a stopped sync stays stopped across its start', { timeout: 120_000 }, async () => {
    await stopSync(handle.db, 'pdd', 'PDD: 签名验证失败', new Date())
    const buyer = await newUser(handle.db)
    const feed = new ScriptedFeed()
    feed.rows = [platformOrder({ attributionId: buyer.attribution_id, estimatedCommissionFen: 1000 })]
    const requests: { orderRowId: string; version: number | string }[] = []
    await syncOrders({
      db: handle.db,
      feed,
      now: () => new Date(Date.now() + 1000),
      overlapMs: 3_600_000,
      initialLookbackMs: 3_600_000,
      maxWindowsPerRun: 10,
      enqueueCredit: async (batch) => void requests.push(...batch),
    })
    const connection = createRedisConnection(redisUrl)
    const queues = createOrderQueues({ connection, prefix })
    await queues.enqueueCredit(requests)

    const worker = start(['--role', 'worker'])
    await worker.shows('worker role started')
    const deadline = Date.now() + 30_000
    while ((await userBalances(handle.db, buyer.id)).pendingFen !== 600) {
      if (Date.now() > deadline) throw new Error(`not credited; log:\n${worker.stderr().slice(-3000)}`)
      await new Promise((done) => setTimeout(done, 100))
    }
    expect((await readSyncCursor(handle.db, 'pdd'))?.stoppedReason).toBe('PDD: 签名验证失败')
    expect(worker.stderr()).not.toMatch(/scheduler|logged in|终端聊天/)

    worker.child.kill('SIGTERM')
    expect(await worker.exited()).toBe(0)
    await queues.close()
    await connection.quit()
  })

  it('a web process serves landing pages on the port it bound, runs nothing else, and stops on SIGTERM', { timeout: 120_000 }, async () => {
    const code = await seedLanding(handle.db, { platform: 'jd', title: '进程测试商品' })
    const web = start(['--role', 'web'])
    await web.shows('web role listening')
    // The web role's line (the metrics server logs a url of its own).
    const url = /"url":"(http:\/\/[^"]+)"[^\n]*web role listening/.exec(web.stderr())?.[1]
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const page = await fetch(`${url}/s/${code}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('进程测试商品')
    expect((await fetch(`${url}/s/AAAAAAAAAAAA`)).status).toBe(404)
    expect(web.stderr()).not.toMatch(/worker role started|scheduler role started|logged in|platform simulator running/)
    web.child.kill('SIGTERM')
    expect(await web.exited()).toBe(0)
  })

  it('a bot process answers on the terminal puppet, syncs and ticks nothing, and 恢复同步 from an operator resumes a stopped sync', { timeout: 120_000 }, async () => {
    await stopSync(handle.db, 'jd', 'JD: 权限不足', new Date())
    // A queue prefix of its own: the worker test's notice (for a contact this terminal never saw) is not this bot's to send.
    const bot = start(['--role', 'bot'], { OPERATOR_IDS: 'term-admin', QUEUE_PREFIX: `${prefix}b` })
    bot.child.stdin?.write('帮助\n')
    await bot.shows('bot: ')
    // Anyone else gets the answer unknown text gets, and nothing changes.
    bot.child.stdin?.write('恢复同步 京东\n')
    await bot.shows('发送「帮助」查看全部命令')
    expect((await readSyncCursor(handle.db, 'jd'))?.stoppedReason).toBe('JD: 权限不足')
    bot.child.stdin?.write('/as admin\n恢复同步 京东\n')
    await bot.shows('bot: 已恢复订单同步：京东。')
    expect((await readSyncCursor(handle.db, 'jd'))?.stoppedReason).toBeNull()
    bot.child.stdin?.end()
    expect(await bot.exited()).toBe(0)
    expect(bot.stderr()).not.toMatch(/worker role started|scheduler role started|order sync tick/)
  })

  it('a second bot process for the same BOT_ACCOUNT refuses in one line; the first keeps answering and its state row is written', { timeout: 120_000 }, async () => {
    const account = `acct${Date.now() % 100_000}`
    const first = start(['--role', 'bot'], { BOT_ACCOUNT: account, QUEUE_PREFIX: `${prefix}c`, ACCOUNT_HEARTBEAT_SECONDS: '1' })
    first.child.stdin?.write('帮助\n')
    await first.shows('bot: ')
    const second = start(['--role', 'bot'], { BOT_ACCOUNT: account, QUEUE_PREFIX: `${prefix}c` })
    second.child.stdin?.end()
    expect(await second.exited()).not.toBe(0)
    const lines = second.stderr().split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'))
    expect(lines, second.stderr()).toHaveLength(1)
    expect(lines[0]).toMatch(/BOT_ACCOUNT/)
    // The first still answers, and its heartbeat row says it is logged in; the conversation is recorded as its own.
    first.child.stdin?.write('余额\n')
    await first.shows('可提现')
    const row = await handle.db.selectFrom('bot_accounts').selectAll().where('name', '=', account).executeTakeFirst()
    expect(row?.state).toBe('logged-in')
    const served = await handle.db.selectFrom('account_contacts').select('conversation_id').where('account', '=', account).execute()
    expect(served.map((r) => r.conversation_id)).toContain(`term-${encodeURIComponent('我')}`)
    first.child.stdin?.end()
    expect(await first.exited()).toBe(0)
  })

  it('SIGTERM: exit 0 within the bound and the lock free at once; a kill -9ed holder is replaced within two ticks', { timeout: 150_000 }, async () => {
    const tickEnv = { ORDER_SYNC_INTERVAL_SECONDS: '2', SHUTDOWN_TIMEOUT_MS: '3000' }
    const first = start(['--role', 'scheduler'], tickEnv)
    await first.shows('took the scheduler lock')
    await first.shows('order sync tick')
    const second = start(['--role', 'scheduler'], tickEnv)
    await second.shows('scheduler role started')
    await new Promise((done) => setTimeout(done, 3000))
    expect(second.stderr()).not.toContain('took the scheduler lock')
    expect(second.stderr()).not.toContain('order sync tick')

    const killedAt = Date.now()
    first.child.kill('SIGKILL')
    await first.exited()
    await second.shows('order sync tick', 20_000)
    // Two ticks of 2 s, plus the time a loaded machine takes to run them.
    expect(Date.now() - killedAt).toBeLessThan(2 * 2000 + 2000)

    const stoppingAt = Date.now()
    second.child.kill('SIGTERM')
    expect(await second.exited()).toBe(0)
    expect(Date.now() - stoppingAt).toBeLessThan(3000 + 2000)
    expect(second.stderr()).toContain('released the scheduler lock')
    const client = new pg.Client({ connectionString: url.toString() })
    await client.connect()
    const taken = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [SCHEDULER_LOCK_KEY])
    await client.end()
    expect(taken.rows[0]?.locked).toBe(true)
  })
})
