import { randomBytes } from 'node:crypto'
import { createServer, connect, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, inject, vi } from 'vitest'
import { createClickRecorder } from '../../../src/clicks/click-recorder.service.js'
import type { ClickInput } from '../../../src/clicks/click-sink.js'
import { visitorHash } from '../../../src/clicks/visitor-hash.js'
import { visitorKeyDays } from '../../../src/clicks/visitor-key.repository.js'
import { beijingDate } from '../../../src/accounts/beijing-date.js'
import { createDatabase, type DatabaseHandle } from '../../../src/db/create-db.js'
import { clicks } from '../../../src/metrics/metrics.js'
import { setLogSink } from '../../../src/shared/log.js'
import { openPrivateDatabase, openTestDatabase, preferredBackend } from '../../support/test-databases.js'

const WECHAT_IOS =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 11_0 like Mac OS X) AppleWebKit/604.1.38 (KHTML, like Gecko) Mobile/15A372 MicroMessenger/7.0.17(0x17001127) NetType/WIFI Language/zh_CN'
const CHROME_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36'
const PREVIEW_BOT = 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'
const IP = '203.0.113.77'

function prefix(): string {
  return `t${randomBytes(4).toString('hex')}`
}

function click(code: string, overrides: Partial<ClickInput> = {}): ClickInput {
  return { code, at: new Date(), action: 'view', userAgent: CHROME_MAC, ip: IP, ...overrides }
}

async function rowsOf(handle: DatabaseHandle, codePrefix: string) {
  return handle.db.selectFrom('clicks').selectAll().where('code', 'like', `${codePrefix}%`).orderBy('id').execute()
}

async function countOf(handle: DatabaseHandle, codePrefix: string): Promise<number> {
  const row = await handle.db
    .selectFrom('clicks')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('code', 'like', `${codePrefix}%`)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

async function dayKey(handle: DatabaseHandle, day: string): Promise<Buffer> {
  const row = await handle.db.selectFrom('visitor_keys').select('key').where('day', '=', day).executeTakeFirstOrThrow()
  return Buffer.from(row.key, 'hex')
}

describe(`the click recorder on ${preferredBackend()}`, () => {
  let handle: DatabaseHandle
  beforeAll(async () => {
    handle = await openTestDatabase(preferredBackend())
  })
  afterAll(async () => {
    await handle.close()
  })

  it('writes every recorded click on close: classified, hashed under the day key, no address in any row', async () => {
    const code = prefix()
    const counted = async (action: string, bot: string): Promise<number> =>
      (await clicks.get()).values.find((v) => v.labels.action === action && v.labels.bot === bot)?.value ?? 0
    const before = { copy: await counted('copy', 'no'), bot: await counted('view', 'yes') }
    const recorder = createClickRecorder({ db: handle.db, flushMs: 60_000 })
    // Recorded at once, before the day key can have loaded: these keep their input until the write.
    recorder.record(click(`${code}a`, { userAgent: WECHAT_IOS, action: 'view' }))
    recorder.record(click(`${code}a`, { userAgent: WECHAT_IOS, action: 'copy' }))
    recorder.record(click(`${code}a`, { userAgent: PREVIEW_BOT }))
    for (let i = 0; i < 2497; i++) recorder.record(click(`${code}b`, { ip: `198.51.100.${i % 250}`, action: i % 3 === 0 ? 'open' : 'view' }))
    await recorder.close()

    const rows = await rowsOf(handle, code)
    expect(rows).toHaveLength(2500)
    const key = await dayKey(handle, beijingDate(Date.now()))
    expect(rows[0]).toMatchObject({ code: `${code}a`, action: 'view', in_wechat: true, browser: 'wechat', is_bot: false, visitor: visitorHash(key, IP, WECHAT_IOS) })
    expect(rows[1]).toMatchObject({ action: 'copy', in_wechat: true, browser: 'wechat', visitor: rows[0]?.visitor })
    expect(rows[2]).toMatchObject({ action: 'view', in_wechat: false, browser: 'bot', is_bot: true, visitor: visitorHash(key, IP, PREVIEW_BOT) })
    expect(rows.slice(3).every((row) => row.browser === 'chrome' && !row.in_wechat && !row.is_bot)).toBe(true)
    expect(rows.filter((row) => row.action === 'open')).toHaveLength(833)
    expect(rows.every((row) => /^[0-9a-f]{32}$/.test(row.visitor))).toBe(true)
    expect(new Set(rows.slice(3).map((row) => row.visitor)).size).toBe(250)
    const stored = JSON.stringify(rows)
    expect(stored).not.toContain(IP)
    expect(stored).not.toContain('198.51.100.')
    // The Prometheus counter saw them too, a preview fetch as a bot.
    expect(await counted('copy', 'no')).toBe(before.copy + 1)
    expect(await counted('view', 'yes')).toBe(before.bot + 1)
  })

  it('gives the same visitor in two processes on one day (one shared day key)', async () => {
    const code = prefix()
    // Two pools on PostgreSQL, as two web processes would have; PGlite's in-memory database has one.
    const second = preferredBackend() === 'postgres' ? await openTestDatabase('postgres') : handle
    const one = createClickRecorder({ db: handle.db })
    const two = createClickRecorder({ db: second.db })
    one.record(click(`${code}1`))
    two.record(click(`${code}2`))
    two.record(click(`${code}2`, { ip: '192.0.2.1' }))
    await Promise.all([one.close(), two.close()])
    if (second !== handle) await second.close()

    const rows = await rowsOf(handle, code)
    expect(rows.map((row) => row.code)).toEqual([`${code}1`, `${code}2`, `${code}2`])
    expect(rows[0]?.visitor).toBe(rows[1]?.visitor)
    expect(rows[2]?.visitor).not.toBe(rows[0]?.visitor)
  })

  it('starts a write when a batch is full, without waiting for the timer', async () => {
    const code = prefix()
    const recorder = createClickRecorder({ db: handle.db, flushMs: 60_000, maxBatch: 100 })
    for (let i = 0; i < 100; i++) recorder.record(click(code))
    await vi.waitFor(async () => expect(await countOf(handle, code)).toBe(100), { timeout: 10_000, interval: 20 })
    for (let i = 0; i < 99; i++) recorder.record(click(code))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await countOf(handle, code)).toBe(100)
    await recorder.flush()
    expect(await countOf(handle, code)).toBe(199)
    await recorder.close()
  })

  it('never throws into the page: a click it cannot read is skipped, the others are written', async () => {
    const code = prefix()
    const recorder = createClickRecorder({ db: handle.db })
    const logged: string[] = []
    setLogSink((line) => logged.push(line))
    try {
      expect(() => recorder.record(click(code, { at: new Date(Number.NaN) }))).not.toThrow()
    } finally {
      setLogSink((line) => process.stderr.write(line + '\n'))
    }
    expect(logged.filter((line) => line.includes('click not recorded'))).toHaveLength(1)
    recorder.record(click(code, { userAgent: undefined as unknown as string }))
    await recorder.close()
    const rows = await rowsOf(handle, code)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ browser: 'bot', is_bot: true })
  })

  it('writes on its timer', async () => {
    const code = prefix()
    const recorder = createClickRecorder({ db: handle.db, flushMs: 50 })
    recorder.record(click(code))
    await vi.waitFor(async () => expect(await countOf(handle, code)).toBe(1), { timeout: 10_000, interval: 20 })
    await recorder.close()
  })

  it('takes a burst of 20,000 records without waiting, and writes all of them', async () => {
    const code = prefix()
    // Timer and batch writes held off, so the burst is all synchronous work and close() is all writing.
    const recorder = createClickRecorder({ db: handle.db, flushMs: 60_000, maxBatch: 100_000 })
    // The steady state: the day key is loaded, so every record hashes at once.
    recorder.record(click(prefix()))
    await recorder.flush()
    const agents = [WECHAT_IOS, CHROME_MAC, PREVIEW_BOT]
    const started = performance.now()
    for (let i = 0; i < 20_000; i++) {
      recorder.record(click(code, { ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, userAgent: agents[i % 3] ?? CHROME_MAC }))
    }
    const recordMs = performance.now() - started
    const closing = performance.now()
    await recorder.close()
    const closeMs = performance.now() - closing
    expect(await countOf(handle, code)).toBe(20_000)
    process.stderr.write(
      `[clicks bench ${preferredBackend()}] 20,000 record() calls: ${recordMs.toFixed(1)} ms synchronous (${((recordMs * 1000) / 20_000).toFixed(2)} µs each); ` +
        `close() wrote them in ${closeMs.toFixed(0)} ms (${Math.round(20_000 / (closeMs / 1000))} rows/s)\n`,
    )
  })

  it('keeps today and yesterday\'s keys, deletes older ones, and changes the key at Beijing midnight', async () => {
    const own = await openPrivateDatabase(preferredBackend())
    try {
      for (const day of ['2026-03-07', '2026-03-08', '2026-03-09']) {
        await own.db.insertInto('visitor_keys').values({ day, key: randomBytes(32).toString('hex') }).execute()
      }
      // Beijing 23:59:59 on the 10th, then 00:00:00 on the 11th.
      const beforeMidnight = new Date('2026-03-10T15:59:59Z')
      const afterMidnight = new Date('2026-03-10T16:00:00Z')
      const recorder = createClickRecorder({ db: own.db, now: () => beforeMidnight })
      await vi.waitFor(async () => expect(await visitorKeyDays(own.db)).toEqual(['2026-03-09', '2026-03-10']), { timeout: 10_000, interval: 20 })
      recorder.record(click('midnight', { at: beforeMidnight }))
      recorder.record(click('midnight', { at: afterMidnight }))
      // Clicks of a long-gone day (held through an outage): one key for all of them, not kept in the database.
      for (let i = 0; i < 3; i++) recorder.record(click('stale', { at: new Date('2026-03-01T04:00:00Z') }))
      await recorder.close()
      expect(await visitorKeyDays(own.db)).toEqual(['2026-03-09', '2026-03-10', '2026-03-11'])
      const stale = await own.db.selectFrom('clicks').select('visitor').where('code', '=', 'stale').execute()
      expect(new Set(stale.map((row) => row.visitor)).size).toBe(1)

      const rows = await own.db.selectFrom('clicks').selectAll().where('code', '=', 'midnight').orderBy('id').execute()
      expect(rows[0]?.visitor).toBe(visitorHash(await dayKey(own, '2026-03-10'), IP, CHROME_MAC))
      expect(rows[1]?.visitor).toBe(visitorHash(await dayKey(own, '2026-03-11'), IP, CHROME_MAC))
      expect(rows[0]?.visitor).not.toBe(rows[1]?.visitor)
    } finally {
      await own.close()
    }
  })
})

/**
 * A TCP relay between the recorder's pool and PostgreSQL that the test can
 * cut and restore on the same port: the database really becomes
 * unreachable (connections reset, new ones refused), then comes back.
 */
class Relay {
  #server: Server | undefined
  readonly #sockets = new Set<Socket>()
  port = 0

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost)
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket)
        socket.on('close', () => this.#sockets.delete(socket))
        socket.on('error', () => undefined)
      }
      client.pipe(upstream).pipe(client)
    })
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve))
    const address = server.address()
    if (typeof address === 'object' && address) this.port = address.port
    this.#server = server
  }

  async cut(): Promise<void> {
    const server = this.#server
    this.#server = undefined
    for (const socket of this.#sockets) socket.destroy()
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

describe.skipIf(!inject('postgresUrl'))('the click recorder through a database outage', () => {
  let relay: Relay
  let relayed: DatabaseHandle
  let direct: DatabaseHandle
  const lines: string[] = []

  beforeAll(async () => {
    const target = new URL(inject('postgresUrl'))
    relay = new Relay(target.hostname, Number(target.port || 5432))
    await relay.start()
    const url = new URL(target)
    url.hostname = '127.0.0.1'
    url.port = String(relay.port)
    relayed = await createDatabase({ databaseUrl: url.toString(), dataDir: 'memory', poolSize: 2 })
    direct = await openTestDatabase('postgres')
    setLogSink((line) => lines.push(line))
  })
  afterAll(async () => {
    setLogSink((line) => process.stderr.write(line + '\n'))
    await relay.cut()
    await relayed.close().catch(() => undefined)
    await direct.close()
  })

  it('keeps clicks while the database is unreachable and writes them, once, when it is back', async () => {
    const code = prefix()
    const recorder = createClickRecorder({ db: relayed.db, flushMs: 50 })
    for (let i = 0; i < 10; i++) recorder.record(click(code))
    await vi.waitFor(async () => expect(await countOf(direct, code)).toBe(10), { timeout: 10_000, interval: 20 })

    await relay.cut()
    for (let i = 0; i < 20; i++) recorder.record(click(code, { action: 'copy' }))
    await expect(recorder.flush()).rejects.toThrow()
    // Several timer ticks fail while the relay is down.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await countOf(direct, code)).toBe(10)
    expect(lines.some((line) => line.includes('clicks not written yet'))).toBe(true)

    await relay.start()
    await vi.waitFor(async () => expect(await countOf(direct, code)).toBe(30), { timeout: 15_000, interval: 50 })
    await recorder.close()
    const rows = await rowsOf(direct, code)
    expect(rows).toHaveLength(30)
    expect(rows.filter((row) => row.action === 'copy')).toHaveLength(20)
  })

  it('starts while the database is down: clicks keep their input until the day key loads, then are hashed and written', async () => {
    const code = prefix()
    await relay.cut()
    const recorder = createClickRecorder({ db: relayed.db, flushMs: 50 })
    for (let i = 0; i < 500; i++) recorder.record(click(code, { userAgent: WECHAT_IOS }))
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(await countOf(direct, code)).toBe(0)
    await relay.start()
    await vi.waitFor(async () => expect(await countOf(direct, code)).toBe(500), { timeout: 15_000, interval: 50 })
    await recorder.close()
    const key = await dayKey(direct, beijingDate(Date.now()))
    const rows = await rowsOf(direct, code)
    expect(new Set(rows.map((row) => row.visitor))).toEqual(new Set([visitorHash(key, IP, WECHAT_IOS)]))
  })

  it('holds at most maxBuffered clicks through an outage, dropping the oldest and counting them in the log', async () => {
    const code = prefix()
    lines.length = 0
    const recorder = createClickRecorder({ db: relayed.db, flushMs: 50, maxBatch: 100, maxBuffered: 1000 })
    recorder.record(click(prefix()))
    await recorder.flush()

    await relay.cut()
    const base = Date.now()
    for (let i = 0; i < 2500; i++) recorder.record(click(code, { at: new Date(base + i) }))
    await new Promise((resolve) => setTimeout(resolve, 200))
    await relay.start()
    await recorder.close()

    const kept = await rowsOf(direct, code)
    expect(kept.length).toBeLessThanOrEqual(1000)
    expect(kept.length).toBeGreaterThanOrEqual(900)
    const summary = lines.find((line) => line.includes('clicks dropped while the database was unreachable'))
    expect(summary).toBeDefined()
    expect(Number(/"dropped":(\d+)/.exec(summary ?? '')?.[1]) + kept.length).toBe(2500)
    expect(lines.filter((line) => line.includes('dropping the oldest clicks'))).toHaveLength(1)
    // What survives is the newest, in order, without gaps.
    const offsets = kept.map((row) => row.at.getTime() - base).sort((a, b) => a - b)
    expect(offsets[0]).toBe(2500 - kept.length)
    expect(offsets.at(-1)).toBe(2499)
  })
})
