import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Redis } from 'ioredis'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type OutboxConsumer, startOutboxConsumer } from '../../../bots/outbox-consumer.js'
import { type NoticeRelayLoop, startNoticeRelay } from '../../../jobs/notice-relay.loop.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { countNotices, recordNotices } from '../../../src/orders/notice-outbox.repository.js'
import { confirmNoticeSent, handOverTo } from '../../../src/orders/notice-relay.service.js'
import type { Notice } from '../../../src/orders/notice.js'
import { createOutbox, type Outbox } from '../../../src/outbox/outbox.js'
import { createRedisConnection, pingRedis } from '../../../src/queue/redis-connection.js'
import { setLogSink } from '../../../src/shared/log.js'
import { openPrivateDatabase, preferredBackend } from '../../support/test-databases.js'
import { recordingSender } from '../outbox/outbox-harness.js'

const ACCOUNT = 'redis-loss-test'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** A redis-server of this test's own that keeps nothing on disk: killed and started again, it comes back empty. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  for (let waited = 0; waited < 5000; waited += 50) {
    if (await pingRedis(`redis://127.0.0.1:${port}`, 200)) return child
    await sleep(50)
  }
  child.kill('SIGKILL')
  throw new Error('redis-server did not start')
}

function killed(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((done) => {
    child.once('exit', () => done())
    child.kill('SIGKILL')
  })
}

describe('notices when Redis restarts empty', () => {
  let handle: DatabaseHandle
  let redis: ChildProcess
  let connections: Redis[]
  let outbox: Outbox | undefined
  let relay: NoticeRelayLoop | undefined
  let consumer: OutboxConsumer | undefined
  const logs: string[] = []

  beforeEach(async () => {
    setLogSink((line) => logs.push(line))
    handle = await openPrivateDatabase(preferredBackend())
    connections = []
  })
  afterEach(async () => {
    await relay?.stop()
    await consumer?.close()
    await outbox?.close()
    for (const c of connections) c.disconnect()
    await killed(redis)
    await handle.close()
    setLogSink((line) => process.stderr.write(line + '\n'))
  })

  it('every notice relayed before Redis was killed and restarted empty is still sent, exactly once', { timeout: 60_000 }, async () => {
    const port = await freePort()
    redis = await startRedis(port)
    const url = `redis://127.0.0.1:${port}`
    const connect = (): Redis => {
      const connection = createRedisConnection(url)
      connection.on('error', () => undefined)
      connections.push(connection)
      return connection
    }
    const prefix = `test-${randomUUID()}`
    outbox = createOutbox({ connection: connect(), prefix, account: ACCOUNT, retryDelayMs: 50 })

    const tag = randomUUID().slice(0, 8)
    const notices: Notice[] = Array.from({ length: 8 }, (_, i) => ({ contactId: `wx-${tag}-${i}`, text: `返利到账 ${i}`, dedupeKey: `test:${tag}:${i}` }))
    await handle.db.transaction().execute((trx) => recordNotices(trx, notices))

    // Wired as cli/background.ts wires them, with a short re-hand interval.
    relay = startNoticeRelay({
      db: handle.db,
      ...handOverTo(outbox),
      pending: () => (outbox as Outbox).pending(),
      highWater: 100,
      rehandAfterMs: 1000,
      enqueueTimeoutMs: 1000,
      intervalMs: 100,
    })
    relay.kick()
    await relay.settled()

    // Paced so that most of the eight are still queued in Redis when it dies.
    const sender = recordingSender()
    consumer = await startOutboxConsumer({
      connection: connect(),
      prefix,
      account: ACCOUNT,
      sender,
      minGapMs: 250,
      jitterMs: 0,
      onSent: (message) => (message.noticeId ? confirmNoticeSent(handle.db, message.noticeId) : Promise.resolve()),
    })
    await vi.waitFor(() => expect(sender.sent.length).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 10 })

    await killed(redis)
    const sentBeforeLoss = sender.sent.length
    expect(sentBeforeLoss).toBeLessThan(8)
    await sleep(300)
    redis = await startRedis(port)

    await vi.waitFor(async () => expect(await countNotices(handle.db)).toBe(0), { timeout: 30_000, interval: 50 })
    await vi.waitFor(() => expect(sender.sent).toHaveLength(8), { timeout: 5000, interval: 20 })
    const perNotice = notices.map((n) => sender.sent.filter((s) => s.conversationId === n.contactId && s.text === n.text).length)
    expect(perNotice).toEqual([1, 1, 1, 1, 1, 1, 1, 1])
    // Nothing more comes however long the relay keeps running.
    await sleep(1500)
    expect(sender.sent).toHaveLength(8)
  })
})
