import { randomUUID } from 'node:crypto'
import { Queue } from 'bullmq'
import type { Kysely } from 'kysely'
import { startOutboxConsumer, type OutboxConsumer } from '../bots/outbox-consumer.js'
import { accountToSend } from '../src/accounts/account-routing.service.js'
import type { Database } from '../src/db/database.js'
import { createOutbox, type Outbox } from '../src/outbox/outbox.js'
import { outboxQueueName } from '../src/queue/queue-names.js'
import { createRedisConnection } from '../src/queue/redis-connection.js'
import type { BenchRow } from './bench-row.js'
import { dropOutbox } from './drop-outbox.js'
import { queuePushSlot } from './push-slot.js'

const GROUPS = 10_000
const ACCOUNTS = 20
/** The account gap the pacing part holds each bot to (production default is larger; the rule is the same). */
const GAP_MS = 100
/** How long the 20 bots send from their outboxes at once. */
const SEND_FOR_MS = 6000

/**
 * One push slot for 10,000 groups owned by 20 accounts (500 each, recorded
 * in account_contacts as the bots would). Two schedulers tick at once; the
 * push workers route each push to its group's account outbox, as the worker
 * role does. Then 20 outbox consumers (one per account, as 20 bot processes
 * would run) send at once for a few seconds: every account's gaps are
 * measured against its configured gap, and every send is checked to be the
 * group's own account.
 */
export async function benchAccountPushSlot(db: Kysely<Database>, redisUrl: string): Promise<BenchRow[]> {
  const tag = randomUUID().slice(0, 8)
  const prefix = `bench-acct-${tag}`
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => `bench-${tag}-a${i}`)
  const room = (i: number): string => `bench-${tag}-${i}@chatroom`
  const ownerAccount = new Map<string, string>()
  for (let i = 0; i < GROUPS; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, GROUPS - i) }, (_, k) => i + k)
    await db
      .insertInto('groups')
      .values(batch.map((n) => ({ room_id: room(n), topic: `群${n}`, owner_contact_id: `bench-owner-${tag}-${n % 500}`, push_schedules: ['0 9 * * *'] })))
      .execute()
    await db
      .insertInto('account_contacts')
      .values(batch.map((n) => ({ account: accounts[n % ACCOUNTS] ?? '', conversation_id: room(n), is_room: true })))
      .execute()
    for (const n of batch) ownerAccount.set(room(n), accounts[n % ACCOUNTS] ?? '')
  }
  const outboxConnection = createRedisConnection(redisUrl)
  const outboxes = new Map<string, Outbox>(accounts.map((a) => [a, createOutbox({ connection: outboxConnection, prefix, account: a })]))
  const outboxFor = (account: string): Outbox => {
    const outbox = outboxes.get(account)
    if (!outbox) throw new Error(`a push routed to ${account}, which is none of the 20 accounts`)
    return outbox
  }
  const consumers: OutboxConsumer[] = []
  const consumerConnections = accounts.map(() => createRedisConnection(redisUrl))
  try {
    // Routed as the worker role routes pushes (infra.sendRouted).
    const seconds = await queuePushSlot({
      db,
      redisUrl,
      prefix,
      send: async (roomId, text, key) =>
        void (await outboxFor(await accountToSend(db, roomId, 'unrouted')).enqueue({ conversationId: roomId, text, kind: 'push' }, key)),
    })

    // Where each push was queued: one job per group, in its own account's outbox.
    let queued = 0
    let misrouted = 0
    const seenRooms = new Set<string>()
    let duplicates = 0
    for (const account of accounts) {
      const reader = new Queue(outboxQueueName(account), { connection: outboxConnection, prefix })
      const jobs = await reader.getJobs(['waiting', 'prioritized', 'delayed'])
      await reader.close()
      for (const job of jobs) {
        const conversationId = (job.data as { conversationId: string }).conversationId
        queued++
        if (ownerAccount.get(conversationId) !== account) misrouted++
        if (seenRooms.has(conversationId)) duplicates++
        seenRooms.add(conversationId)
      }
    }

    // 20 bots send at once, each paced on its own.
    const sentAt = new Map<string, number[]>(accounts.map((a) => [a, []]))
    let wrongSender = 0
    for (const [i, account] of accounts.entries()) {
      consumers.push(
        await startOutboxConsumer({
          connection: consumerConnections[i] ?? outboxConnection,
          prefix,
          account,
          minGapMs: GAP_MS,
          jitterMs: 0,
          sender: {
            send: async (conversationId) => {
              sentAt.get(account)?.push(performance.now())
              if (ownerAccount.get(conversationId) !== account) wrongSender++
            },
          },
        }),
      )
    }
    await new Promise((done) => setTimeout(done, SEND_FOR_MS))
    await Promise.all(consumers.splice(0).map((c) => c.close()))
    const gaps = [...sentAt.values()].flatMap((times) => times.slice(1).map((t, i) => t - (times[i] ?? t)))
    const perAccountShortest = [...sentAt.values()].map((times) => Math.min(...times.slice(1).map((t, i) => t - (times[i] ?? t))))
    const sends = [...sentAt.values()].reduce((sum, times) => sum + times.length, 0)
    const r = (n: number): number => Math.round(n * 10) / 10
    return [
      { name: '10k groups over 20 accounts: one slot routed and queued', value: r(seconds), unit: 's', target: null, better: 'lower' },
      { name: '10k groups over 20 accounts: pushes queued', value: queued, unit: 'pushes', target: GROUPS, better: 'higher' },
      { name: '10k groups over 20 accounts: duplicate pushes', value: duplicates, unit: 'pushes', target: 0, better: 'lower' },
      { name: '10k groups over 20 accounts: pushes queued on another account', value: misrouted + wrongSender, unit: 'pushes', target: 0, better: 'lower' },
      { name: `20 accounts sending at once for ${SEND_FOR_MS / 1000} s: messages sent`, value: sends, unit: 'msgs', target: null, better: 'higher' },
      // Timers fire on millisecond ticks: a gap may read up to ~2 ms short on the high-resolution clock.
      { name: `20 accounts: shortest gap of any account (${GAP_MS} ms configured)`, value: r(Math.min(...perAccountShortest)), unit: 'ms', target: GAP_MS - 2, better: 'higher' },
      { name: '20 accounts: gaps shorter than configured (beyond 2 ms timer tick)', value: gaps.filter((g) => g < GAP_MS - 2).length, unit: 'gaps', target: 0, better: 'lower' },
    ]
  } finally {
    await Promise.all(consumers.map((c) => c.close()))
    for (const [account, outbox] of outboxes) {
      await outbox.close()
      await dropOutbox(outboxConnection, prefix, account)
    }
    await Promise.all([outboxConnection, ...consumerConnections].map((c) => c.quit().catch(() => undefined)))
  }
}
