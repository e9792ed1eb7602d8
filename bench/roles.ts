import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../src/db/database.js'
import { syncOrders } from '../src/orders/order-sync.service.js'
import type { OrderFeed, OrderPage, OrderWindow, PlatformOrder } from '../src/platforms/order-feed.js'
import { createOrderQueues, type CreditJobRequest } from '../src/queue/order-queues.js'
import { createRedisConnection } from '../src/queue/redis-connection.js'
import { PLATFORMS, type Platform } from '../src/links/parsed-link.js'
import { simItem } from '../src/simulator/catalog.js'
import type { BenchRow } from './bench-row.js'
import { buildOrders } from './order-ingest.js'

/** The compiled CLI, as production runs it (README, Real deployment). */
const CLI = new URL('../dist/cli/main.js', import.meta.url).pathname
/**
 * The V8 setting documented for chat-holding processes (a bot role, the all-in-one `npm start`): a 1 MB nursery
 * keeps them small. Workers run without it: under load it costs them CPU in scavenges that PostgreSQL needs.
 */
const SMALL_NURSERY = ['--max-semi-space-size=1']
const LINKS = 1000
/** Links written ahead of the replies read back (the terminal handles its lines one at a time). */
const IN_FLIGHT = 10
const MEMORY_ORDERS = 1000
const SCALE_ORDERS = 30_000
/** One worker, then two, this many times over: on two shared cores one pair of runs is mostly noise. */
const RATIO_ROUNDS = 3
const MB = 1024

/** A spawned rebate-bot process whose stdout is read line by line; its log (stderr) keeps only its tail. */
class Child {
  readonly proc: ChildProcess
  replies = 0
  converted = 0
  broken = 0
  #partial = ''
  #tail: string[] = []
  #log = ''
  #wake: (() => void)[] = []
  /** The first-start database creation as the process logged it (embedded PGlite only). */
  dbInit: { seconds: number; peakMb: number } | undefined

  constructor(args: readonly string[], env: Record<string, string>, nodeFlags: readonly string[]) {
    this.proc = spawn(process.execPath, [...nodeFlags, CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', LOG_FORMAT: 'json', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    this.proc.stdout?.on('data', (chunk: Buffer) => {
      const lines = (this.#partial + chunk.toString('utf8')).split('\n')
      this.#partial = lines.pop() ?? ''
      for (const line of lines) {
        if (line.startsWith('bot: ')) this.replies++
        if (/购买链接：|领券购买：/.test(line)) this.converted++
        if (/出了点小问题/.test(line)) this.broken++
        this.#tail.push(line)
      }
      if (this.#tail.length > 200) this.#tail = this.#tail.slice(-100)
      for (const wake of this.#wake.splice(0)) wake()
    })
    this.proc.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8')
      const init = /"seconds":([\d.]+),"initPeakMb":(\d+)/.exec(text)
      if (init) this.dbInit = { seconds: Number(init[1]), peakMb: Number(init[2]) }
      this.#log = (this.#log + text).slice(-20_000)
      for (const wake of this.#wake.splice(0)) wake()
    })
    this.proc.once('exit', () => {
      for (const wake of this.#wake.splice(0)) wake()
    })
  }

  get pid(): number {
    return this.proc.pid ?? -1
  }

  send(line: string): void {
    this.proc.stdin?.write(line + '\n')
  }

  /** Resolves once `test` holds (checked at each output), failing after `ms` or when the process exits. */
  async until(what: string, test: () => boolean, ms = 120_000): Promise<void> {
    const deadline = Date.now() + ms
    while (!test()) {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) throw new Error(`${what}: the process exited\n${this.diagnostics()}`)
      if (Date.now() > deadline) throw new Error(`${what}: nothing after ${ms} ms\n${this.diagnostics()}`)
      await new Promise<void>((wake) => {
        this.#wake.push(wake)
        setTimeout(wake, 250)
      })
    }
  }

  shows(pattern: RegExp, ms?: number): Promise<void> {
    return this.until(`waiting for ${pattern}`, () => this.#tail.some((l) => pattern.test(l)) || pattern.test(this.#log), ms)
  }

  /** The last stdout lines (up to 100–200). */
  lines(): readonly string[] {
    return [...this.#tail]
  }

  diagnostics(): string {
    return `stdout:\n${this.#tail.slice(-20).join('\n')}\nlog:\n${this.#log.slice(-3000)}`
  }

  /** VmRSS and VmHWM (the peak) in kB. */
  memory(): { rss: number; hwm: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8')
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN)
    return { rss: field('VmRSS'), hwm: field('VmHWM') }
  }

  kill(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL')
  }
}

/** The forms shoppers paste, a fresh item each time, over the three platforms. */
function linkFor(i: number): string {
  const key = String(500_000_000_000 + i * 17)
  const platform = PLATFORMS[i % PLATFORMS.length]
  switch (platform) {
    case 'jd':
      return `https://item.jd.com/${key}.html`
    case 'pdd':
      return `https://mobile.yangkeduo.com/goods.html?goods_id=${key}`
    default:
      return `https://item.taobao.com/item.htm?id=${key}`
  }
}

/** 1,000 links from ten shoppers (100 each), at most IN_FLIGHT unanswered; resolves when every one has its `bot:` reply. */
async function sendLinks(child: Child): Promise<void> {
  const first = child.replies
  for (let i = 0; i < LINKS; i++) {
    if (i % 100 === 0) child.send(`/as 压测买家${i / 100}`)
    await child.until(`reply ${child.replies - first} of ${LINKS}`, () => i - (child.replies - first) < IN_FLIGHT, 60_000)
    child.send(linkFor(i))
  }
  await child.until(`all ${LINKS} replies`, () => child.replies - first >= LINKS, 60_000)
}

const settle = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms))
const mb = (kb: number): number => Math.round(kb / MB)

/** Serves pre-built orders sorted by update time, 100 a page (what an adapter yields after parsing). */
class BuiltFeed implements OrderFeed {
  readonly platform = 'jd' as const
  readonly maxWindowMs = 3_600_000
  constructor(private readonly rows: readonly PlatformOrder[]) {}
  async fetchOrderPage(window: OrderWindow, cursor: string | undefined): Promise<OrderPage> {
    const inWindow = this.rows.filter((o) => o.updatedAt >= window.start && o.updatedAt < window.end)
    const offset = cursor ? Number(cursor) : 0
    const end = Math.min(inWindow.length, offset + 100)
    return { orders: inWindow.slice(offset, end), rejected: [], nextCursor: end < inWindow.length ? String(end) : undefined }
  }
}

/** `count` paid JD orders by 1,000 new users stored as a sync would store them; returns the credit requests the sync asked for. */
async function storeOrders(db: Kysely<Database>, count: number, tag: string): Promise<CreditJobRequest[]> {
  const ids = Array.from({ length: 1000 }, (_, i) => `rbroles${tag}${i}`)
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .insertInto('users')
      .values(ids.slice(i, i + 500).map((id) => ({ contact_id: `bench-${id}`, display_name: 'bench', attribution_id: id })))
      .execute()
  }
  const orders = buildOrders(ids, tag, count)
  await sql`delete from order_sync_cursors where platform = 'jd'`.execute(db)
  const requests: CreditJobRequest[] = []
  await syncOrders({
    db,
    feed: new BuiltFeed(orders),
    now: () => new Date(),
    overlapMs: 0,
    initialLookbackMs: 40 * 60_000,
    maxWindowsPerRun: 10,
    enqueueCredit: async (batch) => void requests.push(...batch),
  })
  if (requests.length !== count) throw new Error(`the sync asked to credit ${requests.length} rows, not ${count}`)
  return requests
}

async function ledgerEntries(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('ledger_transactions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** CPU seconds (user + system) used so far by a process, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the command name; clock ticks of 1/100 s on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return 0
  }
}

/** CPU seconds of every process on this machine named `name` (postgres: the server and all its backends). */
function cpuOfAll(name: string): number {
  let total = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) total += cpuSeconds(Number(entry))
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return total
}

/**
 * Resident memory of real role processes (`start --role bot` on the terminal
 * transport, `start --role worker`) on PostgreSQL and Redis, idle and after
 * work; the embedded all-in-one (`chat` on PGlite) through a buy/settle flow
 * and 1,000 links; then credit throughput with one worker process and two.
 * Every spawned process is killed at the end, also on failure.
 */
export async function benchRoles(db: Kysely<Database>, databaseUrl: string, redisUrl: string): Promise<BenchRow[]> {
  const run = `rl${process.pid}${Date.now() % 100_000}`
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: new URL('..', import.meta.url).pathname, encoding: 'utf8' })
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stderr}`)
  const children: Child[] = []
  const start = (args: string[], env: Record<string, string>, nodeFlags: readonly string[] = []): Child => {
    const child = new Child(args, {
      REDIS_URL: redisUrl,
      REBATE_BOT_DATA_DIR: mkdtempSync(join(tmpdir(), 'rebate-bench-roles-')),
      OUTBOX_MIN_GAP_MS: '0',
      WEB_PORT: '0',
      METRICS_PORT: '0',
      OUTBOX_JITTER_MS: '0',
      SIMULATOR_PDD_USER_AUTHORIZATION: 'off',
      ...env,
    }, nodeFlags)
    children.push(child)
    return child
  }
  const connection = createRedisConnection(redisUrl)
  const workerPrefix = `${run}w`
  const queues = createOrderQueues({ connection, prefix: workerPrefix })
  const rows: BenchRow[] = []
  const row = (name: string, value: number, unit: string, target: number | null, better: BenchRow['better'] = 'lower'): void =>
    void rows.push({ name, value, unit, target, better })
  try {
    // The bot role as in production: its platforms are remote (here one simulator process), not inside the bot.
    const sim = start(['simulator', '--port', '0'], {})
    await sim.until('simulator gateways', () => sim.lines().filter((l) => /^(taobao|jd|pdd)\s+http/.test(l)).length === 3, 30_000)
    const gateway = (platform: Platform): string => sim.lines().find((l) => l.startsWith(`${platform} `))?.split(/\s+/)[1] ?? ''
    const remotePlatforms = {
      SIMULATOR: 'off',
      TAOBAO_APP_KEY: '10000001',
      TAOBAO_APP_SECRET: 'sim-taobao-secret',
      TAOBAO_ADZONE_ID: '100000001',
      TAOBAO_GATEWAY: gateway('taobao'),
      JD_APP_KEY: 'simjdappkey0001',
      JD_APP_SECRET: 'sim-jd-secret',
      JD_SITE_ID: '100000001',
      JD_GATEWAY: gateway('jd'),
      PDD_CLIENT_ID: 'simpddclientid01',
      PDD_CLIENT_SECRET: 'sim-pdd-secret',
      PDD_PID: '1000001_2000001',
      PDD_GATEWAY: gateway('pdd'),
    }
    // The bot role: ready after its first answer, then 1,000 links.
    const bot = start(['start', '--role', 'bot'], { DATABASE_URL: databaseUrl, QUEUE_PREFIX: `${run}b`, ...remotePlatforms }, SMALL_NURSERY)
    bot.send('帮助')
    await bot.until('first reply', () => bot.replies > 0)
    await settle(2000)
    row('bot role RSS idle (PostgreSQL)', mb(bot.memory().rss), 'MB', 150)
    const linksStarted = performance.now()
    await sendLinks(bot)
    const linksSeconds = (performance.now() - linksStarted) / 1000
    await settle(1000)
    const botMemory = bot.memory()
    row('bot role RSS after 1,000 item links answered', mb(botMemory.rss), 'MB', 150)
    row('bot role peak RSS (VmHWM), 1,000 links', mb(botMemory.hwm), 'MB', 150)
    row('bot role: of 1,000 links converted (rest not in program)', bot.converted, 'links', null, 'higher')
    row('bot role: links/s through the terminal, 10 in flight', Math.round((LINKS / linksSeconds) * 10) / 10, 'links/s', null, 'higher')
    bot.proc.stdin?.end()
    bot.kill()
    sim.kill()

    // The worker role: idle once started, then ~1,000 orders credited from queued credit jobs.
    const worker = start(['start', '--role', 'worker'], { DATABASE_URL: databaseUrl, QUEUE_PREFIX: workerPrefix })
    await worker.shows(/worker role started/)
    await settle(2000)
    row('worker role RSS idle (PostgreSQL)', mb(worker.memory().rss), 'MB', 200)
    const creditAndWait = async (count: number, tag: string, workers: readonly Child[]): Promise<{ seconds: number; cpu: Record<string, number> }> => {
      const requests = await storeOrders(db, count, tag)
      const before = await ledgerEntries(db)
      const cpuBefore = { postgres: cpuOfAll('postgres'), redis: cpuOfAll('redis-server'), workers: workers.reduce((s, w) => s + cpuSeconds(w.pid), 0), bench: process.cpuUsage() }
      const started = performance.now()
      await queues.enqueueCredit(requests)
      const deadline = Date.now() + 600_000
      while ((await ledgerEntries(db)) - before < count) {
        if (Date.now() > deadline) throw new Error(`credited ${(await ledgerEntries(db)) - before} of ${count} in 10 minutes`)
        if (workers.some((w) => w.proc.exitCode !== null)) throw new Error(`a worker exited\n${workers.map((w) => w.diagnostics()).join('\n')}`)
        await settle(50)
      }
      const seconds = (performance.now() - started) / 1000
      const bench = process.cpuUsage(cpuBefore.bench)
      return {
        seconds,
        cpu: {
          postgres: cpuOfAll('postgres') - cpuBefore.postgres,
          redis: cpuOfAll('redis-server') - cpuBefore.redis,
          workers: workers.reduce((s, w) => s + cpuSeconds(w.pid), 0) - cpuBefore.workers,
          bench: (bench.user + bench.system) / 1e6,
        },
      }
    }
    await creditAndWait(MEMORY_ORDERS, `${run}m`, [worker])
    await settle(1000)
    const workerMemory = worker.memory()
    row('worker role RSS after crediting 1,000 queued orders', mb(workerMemory.rss), 'MB', 200)
    row('worker role peak RSS (VmHWM), 1,000 orders', mb(workerMemory.hwm), 'MB', 200)

    // The embedded all-in-one on PGlite: a link, a purchase and its settlement, then 1,000 links.
    const embedded = start(['chat'], { QUEUE_PREFIX: `${run}e` }, SMALL_NURSERY)
    embedded.send('帮助')
    await embedded.until('first reply', () => embedded.replies > 0)
    await settle(2000)
    row('all-in-one chat (PGlite) RSS idle', mb(embedded.memory().rss), 'MB', 400)
    // A new data directory's initdb runs once, in a short-lived child process (src/db/pglite-files.ts).
    if (embedded.dbInit) {
      row('first start only: PGlite initdb child process peak RSS', embedded.dbInit.peakMb, 'MB', null)
      row('first start only: PGlite initdb time', Math.round(embedded.dbInit.seconds * 10) / 10, 's', null)
    }
    const jd = inProgramKey('jd')
    embedded.send(`https://item.jd.com/${jd}.html`)
    await embedded.shows(/^购买链接：/)
    embedded.send('/buy')
    await embedded.shows(/^bot: 订单已收到/)
    embedded.send('/receive')
    embedded.send('/settle')
    await embedded.shows(/^bot: 返利到账/)
    row('all-in-one chat (PGlite) peak RSS, link→/buy→/settle', mb(embedded.memory().hwm), 'MB', 400)
    await sendLinks(embedded)
    await settle(1000)
    const embeddedMemory = embedded.memory()
    row('all-in-one chat (PGlite) RSS after flow + 1,000 links', mb(embeddedMemory.rss), 'MB', 400)
    row('all-in-one chat (PGlite) peak RSS (VmHWM), flow + 1,000', mb(embeddedMemory.hwm), 'MB', 400)
    embedded.kill()
    // Credit throughput: the same kind of batch through one worker process, then two.
    const cpuShare = (label: string, r: { seconds: number; cpu: Record<string, number> }): void => {
      for (const [who, seconds] of Object.entries(r.cpu)) {
        // "postgres" is every postgres process on the machine: a shared server's other load is in it.
        row(`${label}: CPU of ${who} per wall second`, Math.round((seconds / r.seconds) * 100) / 100, 'cores', null)
      }
    }
    // Rounds of one worker then two on new orders each time; the second process is frozen (SIGSTOP, while idle)
    // for the one-worker runs, so both kinds of run see the same processes, caches and machine state.
    const second = start(['start', '--role', 'worker'], { DATABASE_URL: databaseUrl, QUEUE_PREFIX: workerPrefix })
    await second.shows(/worker role started/)
    await settle(2000)
    type Run = Awaited<ReturnType<typeof creditAndWait>>
    const ones: Run[] = []
    const twos: Run[] = []
    for (let round = 0; round < RATIO_ROUNDS; round++) {
      await settle(500)
      process.kill(second.pid, 'SIGSTOP')
      try {
        ones.push(await creditAndWait(SCALE_ORDERS, `${run}a${round}`, [worker]))
      } finally {
        process.kill(second.pid, 'SIGCONT')
      }
      twos.push(await creditAndWait(SCALE_ORDERS, `${run}c${round}`, [worker, second]))
    }
    const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN
    const rates = (runs: Run[]): number[] => runs.map((r) => SCALE_ORDERS / r.seconds)
    const ratios = ones.map((one, i) => one.seconds / (twos[i]?.seconds ?? Number.NaN))
    const n = `${SCALE_ORDERS / 1000}k`
    row(`credit ${n} queued orders → ledger, 1 worker process (median of ${RATIO_ROUNDS})`, Math.round(median(rates(ones))), 'orders/s', null, 'higher')
    row(`credit ${n} queued orders → ledger, 2 worker processes (median of ${RATIO_ROUNDS})`, Math.round(median(rates(twos))), 'orders/s', null, 'higher')
    row(`2 workers / 1 worker throughput ratio (median of ${RATIO_ROUNDS} rounds)`, Math.round(median(ratios) * 100) / 100, 'ratio', 1.0, 'higher')
    row('2 workers / 1 worker ratio, lowest round', Math.round(Math.min(...ratios) * 100) / 100, 'ratio', null, 'higher')
    row('2 workers / 1 worker ratio, highest round', Math.round(Math.max(...ratios) * 100) / 100, 'ratio', null, 'higher')
    const middle = (runs: Run[]): Run => {
      const m = median(runs.map((r) => r.seconds))
      return runs.find((r) => r.seconds === m) ?? (runs[0] as Run)
    }
    cpuShare('1 worker', middle(ones))
    cpuShare('2 workers', middle(twos))
    worker.kill()
    second.kill()

    return rows
  } finally {
    for (const child of children) child.kill()
    await queues.credit.obliterate({ force: true }).catch(() => undefined)
    await queues.sync.obliterate({ force: true }).catch(() => undefined)
    await queues.close()
    await connection.quit().catch(() => undefined)
  }
}

function inProgramKey(platform: Platform): string {
  for (let n = 200_000_000_000; ; n++) if (simItem(platform, String(n)).inProgram) return String(n)
}
