import { randomUUID } from 'node:crypto'
import { type Job, Queue, type Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startCreditWorker } from '../../../jobs/processors/credit-order.processor.js'
import { startGroupPushWorker } from '../../../jobs/processors/group-push.processor.js'
import { startOrderSyncWorker } from '../../../jobs/processors/order-sync.processor.js'
import { QUEUE } from '../../../src/queue/queue-names.js'
import { createRedisConnection } from '../../../src/queue/redis-connection.js'
import { setLogSink, setupLogging } from '../../../src/shared/log.js'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

/** A dependency the processor must never reach for a bad payload: any use throws, failing the job for another reason. */
function untouchable<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_target, key) => {
      throw new Error(`${name}.${String(key)} used for an invalid payload`)
    },
  })
}

type Start = (connection: Redis, prefix: string) => Worker

const WORKERS: readonly [string, string, Start, unknown][] = [
  [
    'credit-order',
    QUEUE.orderCredit,
    (connection, prefix) => startCreditWorker({ connection, prefix, credit: untouchable('credit') }),
    { orderRowIds: ['12', 'not-an-id'] },
  ],
  [
    'group-push',
    QUEUE.groupPush,
    (connection, prefix) => startGroupPushWorker({ connection, prefix, push: untouchable('push') }),
    { roomId: 'r1@chatroom' },
  ],
  [
    'order-sync',
    QUEUE.orderSync,
    (connection, prefix) =>
      startOrderSyncWorker({
        connection,
        prefix,
        db: untouchable('db'),
        feeds: untouchable('feeds'),
        queues: untouchable('queues'),
        overlapMs: 0,
        initialLookbackMs: 0,
      }),
    { platform: 'ebay' },
  ],
]

let connection: Redis
let prefix: string
let lines: string[]
const closing: (() => Promise<unknown>)[] = []

beforeEach(() => {
  connection = createRedisConnection(REDIS_URL)
  prefix = `test-${randomUUID()}`
  lines = []
  setupLogging({ level: 'info', format: 'json' })
  setLogSink((line) => lines.push(line))
})

afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close()
  await connection.quit()
  setupLogging({ level: 'info', format: 'pretty' })
  setLogSink((line) => process.stderr.write(line + '\n'))
})

describe('a job whose payload fails validation', () => {
  it.each(WORKERS)('%s: fails on its first attempt with one error line, however many attempts it was given', { timeout: 20_000 }, async (_name, queueName, start, payload) => {
    const queue = new Queue(queueName, { connection, prefix })
    closing.push(async () => {
      await queue.obliterate({ force: true })
      await queue.close()
    })
    const worker = start(connection, prefix)
    closing.push(() => worker.close())
    const failed = new Promise<Job>((resolve) => worker.on('failed', (job) => job && resolve(job)))

    const job = await queue.add('bad', payload, { attempts: 3, backoff: { type: 'fixed', delay: 10 } })
    await failed
    // Time for a retry to be picked up, were there one.
    await new Promise((done) => setTimeout(done, 300))

    const stored = await queue.getJob(job.id ?? '')
    expect(await stored?.getState()).toBe('failed')
    expect(stored?.attemptsMade).toBe(1)
    expect(stored?.failedReason).toMatch(new RegExp(`^invalid ${queueName} job payload \\(.+\\)$`))
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(entries).toEqual([
      expect.objectContaining({ level: 'error', msg: `invalid ${queueName} job failed without retry`, jobId: job.id, fields: expect.any(Array) }),
    ])
  })

  it('names the failing fields, not their values', async () => {
    const queue = new Queue(QUEUE.orderCredit, { connection, prefix })
    closing.push(async () => {
      await queue.obliterate({ force: true })
      await queue.close()
    })
    const worker = startCreditWorker({ connection, prefix, credit: untouchable('credit') })
    closing.push(() => worker.close())
    const failed = new Promise<void>((resolve) => worker.on('failed', () => resolve()))
    await queue.add('bad', { orderRowIds: ['12', 'secret-looking-value'] }, { attempts: 5 })
    await failed
    await vi.waitFor(() => expect(lines).toHaveLength(1))
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ fields: ['orderRowIds.1'] })
    expect(lines[0]).not.toContain('secret-looking-value')
  })
})
