import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { startOutboxConsumer } from '../bots/outbox-consumer.js'
import type { Database } from '../src/db/database.js'
import { createOutbox } from '../src/outbox/outbox.js'
import { createRedisConnection } from '../src/queue/redis-connection.js'
import type { BenchRow } from './bench-row.js'
import { dropOutbox } from './drop-outbox.js'
import { queuePushSlot } from './push-slot.js'

const GROUPS = 10_000

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
  const connection = createRedisConnection(redisUrl)
  const outbox = createOutbox({ connection, prefix, account: 'bench' })
  try {
    const seconds = await queuePushSlot({
      db,
      redisUrl,
      prefix,
      send: async (roomId, text, key) => void (await outbox.enqueue({ conversationId: roomId, text, kind: 'push' }, key)),
    })
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
    await outbox.close()
    await dropOutbox(connection, prefix, 'bench')
    await connection.quit().catch(() => undefined)
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
