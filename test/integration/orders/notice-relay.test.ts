import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../src/db/database.js'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { type OutboxConsumer, startOutboxConsumer } from '../../../bots/outbox-consumer.js'
import { startNoticeRelay } from '../../../jobs/notice-relay.loop.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import type { CreditDeps } from '../../../src/orders/credit-order.service.js'
import { countNotices, countWaitingNotices, recordNotices, type StoredNotice } from '../../../src/orders/notice-outbox.repository.js'
import { confirmNoticeSent, handOverTo, relayNotices } from '../../../src/orders/notice-relay.service.js'
import type { Notice } from '../../../src/orders/notice.js'
import { createOutbox, type Outbox } from '../../../src/outbox/outbox.js'
import { jobId } from '../../../src/queue/job-ids.js'
import { outboxQueueName } from '../../../src/queue/queue-names.js'
import { createRedisConnection } from '../../../src/queue/redis-connection.js'
import { setLogSink } from '../../../src/shared/log.js'
import { newUser, platformOrder, recordedNotices, ScriptedFeed, syncAndCredit } from '../../support/order-factory.js'
import { availableBackends, openPrivateDatabase } from '../../support/test-databases.js'
import { recordingSender } from '../outbox/outbox-harness.js'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const ACCOUNT = 'notice-relay-test'

/** `n` notices with keys unique to this call, so no two tests (or backends) share a dedupe key. */
function someNotices(n: number): Notice[] {
  const tag = randomUUID().slice(0, 8)
  return Array.from({ length: n }, (_, i) => ({ contactId: `wx-${tag}-${i}`, text: `通知 ${i}`, dedupeKey: `test:${tag}:${i}` }))
}

const keysOf = (notices: readonly Notice[]): string[] => notices.map((n) => n.dedupeKey)

/**
 * A relay asks for room once per batch. One that handed the same rows over again without deleting
 * them would never run out of rows and ask forever; failing after `limit` asks turns that hang
 * into a failed test.
 */
function bounded(pending: () => Promise<number>, limit = 50): () => Promise<number> {
  let asks = 0
  return () => (++asks > limit ? Promise.reject(new Error(`asked for room ${limit} times: are the same notices handed over again?`)) : pending())
}

/** An outbox with room for everything: for the cases about the relay's own logic. */
const alwaysEmpty = (): (() => Promise<number>) => bounded(async () => 0)

describe.each(availableBackends())('notice relay on %s', (backend) => {
  // notice_outbox is global to a database and every test reads the whole table: a database of our own.
  let handle: DatabaseHandle
  beforeAll(async () => {
    handle = await openPrivateDatabase(backend)
  })
  afterAll(async () => {
    await handle.close()
  })
  beforeEach(async () => {
    await handle.db.deleteFrom('notice_outbox').execute()
  })

  // A real outbox per test under a unique prefix, plus a raw queue on it to look at the jobs.
  let connection: Redis
  let outbox: Outbox
  let queue: Queue
  let prefix: string
  let consumers: OutboxConsumer[]
  beforeEach(() => {
    // The failing-send cases log every attempt: expected, not worth the noise.
    setLogSink(() => undefined)
    connection = createRedisConnection(REDIS_URL)
    prefix = `test-${randomUUID()}`
    consumers = []
    // Quick retries, so a send that keeps failing runs out of attempts within a test.
    outbox = createOutbox({ connection, prefix, account: ACCOUNT, retryDelayMs: 20 })
    queue = new Queue(outboxQueueName(ACCOUNT), { connection, prefix })
  })
  afterEach(async () => {
    for (const consumer of consumers) await consumer.close()
    await outbox.close()
    await queue.obliterate({ force: true })
    await queue.close()
    await connection.quit()
    setLogSink((line) => process.stderr.write(line + '\n'))
  })

  /** Hands notices to the real outbox the way cli/background.ts wires the relay. */
  const toOutbox = () => handOverTo(outbox)
  // The plain hand-over routes nothing, so it never reads the relay's transaction.
  const enqueueToOutbox = (notices: readonly StoredNotice[], trx?: Kysely<Database>): Promise<readonly string[]> =>
    toOutbox().enqueue(notices, trx ?? handle.db)

  /** The notices not handed over yet (waiting for room), oldest first. */
  const waiting = async (): Promise<Notice[]> =>
    (await handle.db.selectFrom('notice_outbox').select(['contact_id', 'text', 'dedupe_key']).where('handed_at', 'is', null).orderBy('id').execute()).map(
      (row) => ({ contactId: row.contact_id, text: row.text, dedupeKey: row.dedupe_key }),
    )

  /** What the bot does for each message it sent: the job leaves the outbox and the notice the database. */
  const sentByBot = async (ids: readonly string[]): Promise<void> => {
    await queue.drain()
    for (const id of ids) await confirmNoticeSent(handle.db, id)
  }

  /** Every job the outbox holds in any state, so a duplicate cannot hide among sent ones. */
  const outboxJobs = () => queue.getJobs(['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'])

  const record = (notices: readonly Notice[]): Promise<void> => handle.db.transaction().execute((trx) => recordNotices(trx, notices))

  it('hands notices over oldest first, stops at the high-water mark and moves more once the outbox has sent', async () => {
    const notices = someNotices(7)
    await record(notices)
    // Rewrite the oldest row in place: PostgreSQL stores the new version after the others, so a
    // scan without `order by id` would now return it last and the first batch would miss it.
    await sql`update notice_outbox set text = text where id = (select min(id) from notice_outbox)`.execute(handle.db)

    const handed: StoredNotice[] = []
    const deps = {
      db: handle.db,
      ...toOutbox(),
      enqueue: async (batch: readonly StoredNotice[]) => {
        handed.push(...batch)
        return enqueueToOutbox(batch)
      },
      pending: bounded(() => outbox.pending()),
      highWater: 3,
    }
    const idsOf = (from: number, to: number): string[] => handed.slice(from, to).map((n) => n.id)

    expect(await relayNotices(deps)).toBe(3)
    expect(keysOf(handed)).toEqual(keysOf(notices.slice(0, 3)))
    expect(await outbox.pending()).toBe(3)
    // Handed over is not sent: every notice is still in the table, the rest wait for room, in order.
    expect(await recordedNotices(handle.db)).toEqual(notices)
    expect(await waiting()).toEqual(notices.slice(3))

    // The outbox is still full: nothing moves.
    expect(await relayNotices(deps)).toBe(0)
    expect(await countWaitingNotices(handle.db)).toBe(4)

    // As if the bot had sent them: the outbox empties, their notices go, and the next run tops the outbox up again.
    await sentByBot(idsOf(0, 3))
    expect(await recordedNotices(handle.db)).toEqual(notices.slice(3))
    expect(await relayNotices(deps)).toBe(3)
    expect(keysOf(handed)).toEqual(keysOf(notices.slice(0, 6)))
    expect(await waiting()).toEqual(notices.slice(6))

    // Fewer left than there is room for: the run ends when none is waiting.
    await sentByBot(idsOf(3, 6))
    expect(await relayNotices(deps)).toBe(1)
    expect(keysOf(handed)).toEqual(keysOf(notices))
    expect(await countWaitingNotices(handle.db)).toBe(0)
    expect(await recordedNotices(handle.db)).toEqual(notices.slice(6))
    expect(await outbox.pending()).toBe(1)
  })

  it('keeps every notice when the outbox refuses them, and a retry hands them over', async () => {
    const notices = someNotices(4)
    await record(notices)
    const down = { db: handle.db, ...toOutbox(), pending: alwaysEmpty(), highWater: 100 }

    await expect(
      relayNotices({
        ...down,
        enqueue: async () => {
          throw new Error('Redis unavailable')
        },
      }),
    ).rejects.toThrow('Redis unavailable')
    expect(await waiting()).toEqual(notices)

    const handed: string[] = []
    expect(await relayNotices({ ...down, enqueue: async (batch) => (handed.push(...keysOf(batch)), []) })).toBe(4)
    expect(handed).toEqual(keysOf(notices))
    expect(await countWaitingNotices(handle.db)).toBe(0)
  })

  it('an outbox that never answers fails the pass after the timeout and releases the rows', async () => {
    const notices = someNotices(2)
    await record(notices)
    const base = { db: handle.db, ...toOutbox(), pending: alwaysEmpty(), highWater: 100 }
    const hung = relayNotices({ ...base, enqueueTimeoutMs: 100, enqueue: () => new Promise<string[]>(() => undefined) })
    await expect(hung).rejects.toThrow(/did not answer within 100 ms/)
    expect(await waiting()).toEqual(notices)
    // The transaction ended with the failure: its rows are not held, another pass takes them.
    const handed: string[] = []
    expect(await relayNotices({ ...base, enqueue: async (batch) => (handed.push(...keysOf(batch)), []) })).toBe(2)
    expect(handed).toEqual(keysOf(notices))
  })

  it('a failure part-way keeps the batches already handed over gone and the failed one in the table', async () => {
    const notices = someNotices(5)
    await record(notices)
    const handed: string[] = []
    let calls = 0
    // highWater 2 with an always-empty outbox makes batches of two; the second one fails.
    const flaky = {
      db: handle.db,
      ...toOutbox(),
      pending: alwaysEmpty(),
      highWater: 2,
      enqueue: async (batch: readonly StoredNotice[]) => {
        if (++calls === 2) throw new Error('Redis unavailable')
        handed.push(...keysOf(batch))
        return []
      },
    }
    await expect(relayNotices(flaky)).rejects.toThrow('Redis unavailable')
    expect(handed).toEqual(keysOf(notices.slice(0, 2)))
    expect(await waiting()).toEqual(notices.slice(2))

    expect(await relayNotices(flaky)).toBe(3)
    expect(handed).toEqual(keysOf(notices))
  })

  it('a crash between enqueue and marking the batch handed hands it over again, and the outbox keeps one job per key', async () => {
    const notices = someNotices(3)
    await record(notices)
    const deps = { db: handle.db, ...toOutbox(), pending: bounded(() => outbox.pending()), highWater: 100 }

    // The outbox took the batch, then the process died before the delete committed.
    await expect(
      relayNotices({
        ...deps,
        enqueue: async (batch) => {
          await enqueueToOutbox(batch)
          throw new Error('process died before commit')
        },
      }),
    ).rejects.toThrow('process died before commit')
    expect(await waiting()).toEqual(notices)
    expect(await outboxJobs()).toHaveLength(3)

    expect(await relayNotices({ ...deps, enqueue: enqueueToOutbox })).toBe(3)
    expect(await countWaitingNotices(handle.db)).toBe(0)
    const jobs = await outboxJobs()
    expect(jobs.map((job) => job.id).sort()).toEqual(notices.map((n) => jobId('out', n.dedupeKey)).sort())
    expect(await outbox.pending()).toBe(3)
    const ids = await handle.db.selectFrom('notice_outbox').select(['id', 'dedupe_key']).execute()
    for (const n of notices) {
      expect(jobs.find((job) => job.id === jobId('out', n.dedupeKey))?.data).toEqual({
        conversationId: n.contactId,
        text: n.text,
        kind: 'notification',
        noticeId: ids.find((row) => row.dedupe_key === n.dedupeKey)?.id,
      })
    }
  })

  // On PGlite the pool has one connection, so the two relays' transactions take turns rather than
  // overlap; the case still holds there (nothing handed twice), it only proves more on PostgreSQL.
  it('two relays running at once hand each notice over exactly once', async () => {
    const notices = someNotices(23)
    await record(notices)
    const handed: string[] = []
    let inFlight = 0
    let mostInFlight = 0
    const relay = () =>
      relayNotices({
        db: handle.db,
        ...toOutbox(),
        pending: alwaysEmpty(),
        // Small batches and a slow enqueue keep both relays holding locks at the same time.
        highWater: 5,
        enqueue: async (batch) => {
          mostInFlight = Math.max(mostInFlight, ++inFlight)
          await sleep(10)
          handed.push(...keysOf(batch))
          inFlight--
          return []
        },
      })

    const moved = await Promise.all([relay(), relay()])
    expect(moved[0] + moved[1]).toBe(23)
    expect(handed).toHaveLength(23)
    expect([...handed].sort()).toEqual(keysOf(notices).sort())
    expect(await countWaitingNotices(handle.db)).toBe(0)
    // SKIP LOCKED shares the work: each relay handed over a batch while the other held its own
    // (plain FOR UPDATE would make the second wait for the first's commit, one batch at a time).
    if (backend === 'postgres') {
      expect(mostInFlight).toBe(2)
      expect(moved.every((n) => n > 0)).toBe(true)
    }
  })

  it('crediting an attributed order records one notice keyed by the movement; a replay records none', async () => {
    const credit: CreditDeps = { db: handle.db, userShareBp: 6000, attributionWindowMs: 3_600_000 }
    const buyer = await newUser(handle.db)
    const at = (secondsAgo: number): Date => new Date(Date.now() - secondsAgo * 1000)
    const order = platformOrder({ attributionId: buyer.attribution_id, estimatedCommissionFen: 1000, paidAt: at(600), updatedAt: at(500) })
    const feed = new ScriptedFeed()
    feed.rows = [order]
    await syncAndCredit(handle.db, feed, credit)

    const ledger = await handle.db
      .selectFrom('ledger_transactions as t')
      .innerJoin('orders as o', 'o.id', 't.order_row_id')
      .select('t.idempotency_key')
      .where('o.sub_order_id', '=', order.subOrderId)
      .execute()
    expect(ledger.map((row) => row.idempotency_key)).toEqual([`jd:${order.subOrderId}:${buyer.id}:buyer:pending:1`])
    const notices = await recordedNotices(handle.db)
    expect(notices).toEqual([{ contactId: buyer.contact_id, text: expect.any(String), dedupeKey: ledger[0]?.idempotency_key }])

    // The notice reaches the chat outbox under the movement's key.
    expect(await relayNotices({ db: handle.db, ...toOutbox(), pending: bounded(() => outbox.pending()), highWater: 100 })).toBe(1)
    const jobs = await outboxJobs()
    const row = await handle.db.selectFrom('notice_outbox').select('id').executeTakeFirstOrThrow()
    expect(jobs.map((job) => [job.id, job.data])).toEqual([
      [jobId('out', notices[0]?.dedupeKey ?? ''), { conversationId: buyer.contact_id, text: notices[0]?.text, kind: 'notification', noticeId: row.id }],
    ])

    // The same report again moves no money, so there is nothing to tell.
    await syncAndCredit(handle.db, feed, credit)
    expect(await recordedNotices(handle.db)).toEqual(notices)
  })

  /** The bot's outbox consumer, wired as cli/background.ts wires it: a sent notice is confirmed. */
  const startBot = async (sender: ReturnType<typeof recordingSender>, confirm = (id: string) => confirmNoticeSent(handle.db, id)): Promise<OutboxConsumer> => {
    const consumer = await startOutboxConsumer({
      connection,
      prefix,
      account: ACCOUNT,
      sender,
      minGapMs: 0,
      jitterMs: 0,
      onSent: (message) => (message.noticeId ? confirm(message.noticeId) : Promise.resolve()),
    })
    consumers.push(consumer)
    return consumer
  }

  /** Each key's sends, so "exactly once" is one entry per key. */
  const sendsPerNotice = (sender: ReturnType<typeof recordingSender>, notices: readonly Notice[]): number[] =>
    notices.map((n) => sender.sent.filter((s) => s.conversationId === n.contactId && s.text === n.text).length)

  const REHAND_MS = 300
  const dueAgain = (): Promise<unknown> => sleep(REHAND_MS + 50)

  it('a handed notice stays in the table until the bot has sent it; the send removes it', async () => {
    const notices = someNotices(3)
    await record(notices)
    const deps = { db: handle.db, ...toOutbox(), pending: bounded(() => outbox.pending()), highWater: 100 }
    expect(await relayNotices(deps)).toBe(3)
    expect(await countNotices(handle.db)).toBe(3)

    const sender = recordingSender()
    const bot = await startBot(sender)
    await bot.whenIdle()
    expect(sendsPerNotice(sender, notices)).toEqual([1, 1, 1])
    expect(await countNotices(handle.db)).toBe(0)
  })

  it('notices Redis lost are handed over again once due, within the high-water mark, and each is sent exactly once', async () => {
    const notices = someNotices(5)
    await record(notices)
    const deps = { db: handle.db, ...toOutbox(), pending: bounded(() => outbox.pending()), highWater: 3, rehandAfterMs: REHAND_MS }
    expect(await relayNotices(deps)).toBe(3)
    // Redis comes back empty: the outbox has nothing, the table still has all five.
    await queue.obliterate({ force: true })
    expect(await outbox.pending()).toBe(0)
    // Not due yet: only the two never handed go (Redis restarted a moment ago, or merely slow: no flood of re-sends).
    expect(await relayNotices(deps)).toBe(2)
    expect(await outbox.pending()).toBe(2)

    await dueAgain()
    // All five are due again, oldest (a lost one) first; room for one.
    expect(await relayNotices(deps)).toBe(1)
    expect(await outbox.pending()).toBe(3)
    // Room for all: the two lost ones left are queued again; the two still queued are handed again as a no-op.
    expect(await relayNotices({ ...deps, highWater: 100 })).toBe(4)
    expect(await outbox.pending()).toBe(5)
    expect(await relayNotices({ ...deps, highWater: 100 })).toBe(0)
    await dueAgain()
    expect(await relayNotices({ ...deps, highWater: 100 })).toBe(5)
    expect(await outbox.pending()).toBe(5)
    expect(await outboxJobs()).toHaveLength(5)

    const sender = recordingSender()
    const bot = await startBot(sender)
    await bot.whenIdle()
    expect(sendsPerNotice(sender, notices)).toEqual([1, 1, 1, 1, 1])
    expect(await countNotices(handle.db)).toBe(0)
    // Nothing left to hand over, however long we wait.
    await dueAgain()
    expect(await relayNotices({ ...deps, highWater: 100 })).toBe(0)
    expect(sender.sent).toHaveLength(5)
  })

  it('a notice whose send keeps failing stays in the table and is tried again once due', async () => {
    const [notice] = someNotices(1)
    if (!notice) throw new Error('no notice')
    await record([notice])
    const deps = { db: handle.db, ...toOutbox(), pending: bounded(() => outbox.pending()), highWater: 100, rehandAfterMs: REHAND_MS }
    expect(await relayNotices(deps)).toBe(1)

    // Every attempt the outbox makes fails (WeChat logged out, say), until the sixth call.
    const sender = recordingSender(5)
    const bot = await startBot(sender)
    await vi.waitFor(async () => expect(await queue.getJobState(jobId('out', notice.dedupeKey))).toBe('failed'), { timeout: 10_000, interval: 20 })
    await bot.whenIdle()
    expect(sender.calls).toHaveLength(5)
    expect(sender.sent).toHaveLength(0)
    expect(await recordedNotices(handle.db)).toEqual([notice])

    await dueAgain()
    expect(await relayNotices(deps)).toBe(1)
    await vi.waitFor(async () => expect(await countNotices(handle.db)).toBe(0), { timeout: 10_000, interval: 20 })
    expect(sendsPerNotice(sender, [notice])).toEqual([1])
  })

  it('a sent notice whose confirmation was lost is forgotten once due, not sent again', async () => {
    const notices = someNotices(2)
    await record(notices)
    const deps = { db: handle.db, ...toOutbox(), pending: bounded(() => outbox.pending()), highWater: 100, rehandAfterMs: REHAND_MS }
    expect(await relayNotices(deps)).toBe(2)
    const sender = recordingSender()
    const bot = await startBot(sender, async () => {
      throw new Error('database unavailable')
    })
    await bot.whenIdle()
    expect(sender.sent).toHaveLength(2)
    expect(await recordedNotices(handle.db)).toEqual(notices)

    await dueAgain()
    expect(await relayNotices(deps)).toBe(2)
    expect(await countNotices(handle.db)).toBe(0)
    await bot.whenIdle()
    expect(sendsPerNotice(sender, notices)).toEqual([1, 1])
    expect(await outbox.pending()).toBe(0)
  })

  describe('startNoticeRelay', () => {
    it('kick() then settled() hands recorded notices over; after stop() a kick does nothing', async () => {
      let pendingCalls = 0
      const loop = startNoticeRelay({
        db: handle.db,
        ...toOutbox(),
        pending: bounded(() => {
          pendingCalls++
          return outbox.pending()
        }),
        highWater: 100,
        // Far beyond the test: every run here comes from a kick.
        intervalMs: 60_000,
      })
      const first = someNotices(3)
      await record(first)
      loop.kick()
      await loop.settled()
      expect(await countWaitingNotices(handle.db)).toBe(0)
      expect((await outboxJobs()).map((job) => job.id).sort()).toEqual(first.map((n) => jobId('out', n.dedupeKey)).sort())

      await loop.stop()
      const calls = pendingCalls
      await record(someNotices(2))
      loop.kick()
      // A run asks the outbox for room first; give one that wrongly started time to move something too.
      await sleep(100)
      expect(pendingCalls).toBe(calls)
      expect(await countWaitingNotices(handle.db)).toBe(2)
      expect(await outboxJobs()).toHaveLength(3)
    })

    it('a failed run is logged, not thrown, and the next tick hands the notices over', async () => {
      const logs: string[] = []
      setLogSink((line) => logs.push(line))
      const notices = someNotices(2)
      await record(notices)
      let calls = 0
      // No kick and no settled() here (settled() would ask for another run at once): only ticks run.
      const loop = startNoticeRelay({
        db: handle.db,
        ...toOutbox(),
        enqueue: async (batch) => {
          if (++calls === 1) throw new Error('Redis unavailable')
          return enqueueToOutbox(batch)
        },
        pending: bounded(() => outbox.pending()),
        highWater: 100,
        intervalMs: 50,
      })
      try {
        await vi.waitFor(() => expect(logs.some((line) => line.includes('could not hand notices to the outbox') && line.includes('Redis unavailable'))).toBe(true), {
          timeout: 5000,
          interval: 10,
        })
        await vi.waitFor(async () => expect(await countWaitingNotices(handle.db)).toBe(0), { timeout: 5000, interval: 25 })
        expect(calls).toBe(2)
        expect((await outboxJobs()).map((job) => job.id).sort()).toEqual(notices.map((n) => jobId('out', n.dedupeKey)).sort())
      } finally {
        await loop.stop()
        setLogSink((line) => process.stderr.write(line + '\n'))
      }
    })
  })
})
