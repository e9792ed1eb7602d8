import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { Kysely } from 'kysely'
import { groupPushTick } from '../jobs/group-push.schedule.js'
import { startGroupPushWorker } from '../jobs/processors/group-push.processor.js'
import { startOutboxConsumer } from '../bots/outbox-consumer.js'
import { loadConfig } from '../src/config.js'
import type { Database } from '../src/db/database.js'
import { createOutbox } from '../src/outbox/outbox.js'
import { pendingCount } from '../src/outbox/pending-count.js'
import { createPlatforms } from '../src/platforms/create-platforms.js'
import { createPushQueue } from '../src/queue/push-queue.js'
import { createRedisConnection } from '../src/queue/redis-connection.js'
import { SimState } from '../src/simulator/sim-state.js'
import { startSimulator } from '../src/simulator/simulator-server.js'
import type { BenchRow } from './bench-row.js'
import { dropOutbox } from './drop-outbox.js'

const GROUPS = 10_000
const NINE = new Date('2026-11-24T01:00:00Z')

/**
 * 10,000 groups due in the same minute: two schedulers tick at once, the
 * push workers select, convert (against the simulator), render and queue
 * every push; duplicates are pushes beyond one per group. Then the outbox's
 * pacing: 60 messages at a configured 40 ms gap, actual gaps measured.
 */
export async function benchGroupPush(db: Kysely<Database>, redisUrl: string): Promise<BenchRow[]> {
  const tag = randomUUID().slice(0, 8)
  const prefix = `bench-push-${tag}`
  for (let i = 0; i < GROUPS; i += 1000) {
    await db
      .insertInto('groups')
      .values(
        Array.from({ length: Math.min(1000, GROUPS - i) }, (_, k) => ({
          room_id: `bench-${tag}-${i + k}@chatroom`,
          topic: `群${i + k}`,
          owner_contact_id: `bench-owner-${tag}-${(i + k) % 500}`,
          push_schedules: ['0 9 * * *'],
        })),
      )
      .execute()
  }
  // Owners who run scheduled pushes have done their PDD 授权备案 (the bot sends them the link once a day until they do).
  const sim = await startSimulator({ port: 0, state: new SimState({ settings: { pddUserAuthorization: false } }) })
  const platforms = createPlatforms(loadConfig({ LOG_LEVEL: 'silent' }), sim)
  const c1 = createRedisConnection(redisUrl)
  const c2 = createRedisConnection(redisUrl)
  const c3 = createRedisConnection(redisUrl)
  const connections = [c1, c2, c3]
  const queue = createPushQueue({ connection: c1, prefix })
  const outbox = createOutbox({ connection: c2, prefix, account: 'bench' })
  const lock = { held: () => true, confirm: async () => true, release: async () => undefined }
  const started = performance.now()
  const worker = startGroupPushWorker({
    connection: c3,
    prefix,
    concurrency: 16,
    push: {
      db,
      platforms,
      dedupeWindowMs: 7 * 86_400_000,
      allowWithoutCoupon: false,
      userShareBp: 6000,
      send: async (roomId, text, key) => void (await outbox.enqueue({ conversationId: roomId, text, kind: 'push' }, key)),
      tellOwner: async () => undefined,
    },
  })
  try {
    const tick = { db, queue, lock, timeZone: 'Asia/Shanghai', spreadMs: 0 }
    await Promise.all([groupPushTick(tick, NINE), groupPushTick(tick, NINE)])
    while ((await pendingCount(queue.queue)) > 0) await new Promise((done) => setTimeout(done, 50))
    const seconds = (performance.now() - started) / 1000
    const history = await db.selectFrom('push_history').select((eb) => eb.fn.countAll<string>().as('n')).where('room_id', 'like', `bench-${tag}-%`).executeTakeFirstOrThrow()
    // Nothing consumes this outbox: every queued push is still pending.
    const queued = await outbox.pending()
    const duplicates = Math.max(0, Number(history.n) - GROUPS) + Math.max(0, queued - GROUPS)
    return [
      { name: '10k groups due at once: select, convert, render, queue', value: Math.round(seconds * 10) / 10, unit: 's', target: null, better: 'lower' },
      { name: '10k groups: pushes queued', value: queued, unit: 'pushes', target: GROUPS, better: 'higher' },
      { name: '10k groups: duplicate pushes', value: duplicates, unit: 'pushes', target: 0, better: 'lower' },
      ...(await pacingAccuracy(redisUrl)),
    ]
  } finally {
    await worker.close()
    await queue.queue.obliterate({ force: true }).catch(() => undefined)
    await queue.close()
    await outbox.close()
    await dropOutbox(c2, prefix, 'bench')
    await sim.close()
    await Promise.all(connections.map((c) => c.quit().catch(() => undefined)))
  }
}

async function pacingAccuracy(redisUrl: string): Promise<BenchRow[]> {
  const prefix = `bench-pace-${randomUUID().slice(0, 8)}`
  const producer = createRedisConnection(redisUrl)
  const consumerConnection = createRedisConnection(redisUrl)
  const outbox = createOutbox({ connection: producer, prefix, account: 'pace' })
  const sentAt: number[] = []
  const GAP = 40
  for (let i = 0; i < 60; i++) await outbox.enqueue({ conversationId: `room-${i % 7}@chatroom`, text: `m${i}`, kind: 'push' })
  const consumer = await startOutboxConsumer({
    connection: consumerConnection,
    prefix,
    account: 'pace',
    minGapMs: GAP,
    jitterMs: 0,
    sender: { send: async () => void sentAt.push(performance.now()) },
  })
  await consumer.whenIdle()
  await consumer.close()
  await outbox.close()
  await dropOutbox(producer, prefix, 'pace')
  await producer.quit()
  await consumerConnection.quit()
  const gaps = sentAt.slice(1).map((t, i) => t - (sentAt[i] ?? t))
  const errors = gaps.map((g) => Math.abs(g - GAP)).sort((a, b) => a - b)
  // Timers fire on millisecond ticks, so a gap may read up to ~2 ms short on the high-resolution clock.
  const short = gaps.filter((g) => g < GAP - 2).length
  return [
    { name: 'outbox gap error, median (40 ms configured)', value: Math.round((errors[Math.floor(errors.length / 2)] ?? 0) * 10) / 10, unit: 'ms', target: null, better: 'lower' },
    { name: 'outbox gaps shorter than configured (beyond 2 ms timer tick)', value: short, unit: 'gaps', target: 0, better: 'lower' },
    { name: 'outbox shortest gap (40 ms configured)', value: Math.round(Math.min(...gaps) * 10) / 10, unit: 'ms', target: null, better: 'higher' },
  ]
}
