import cron from 'node-cron'
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { Queue } from 'bullmq'
import type { Kysely } from 'kysely'
import { enqueueRouted } from '../src/accounts/account-routing.service.js'
import { chatDeps } from '../src/chat/chat-deps.js'
import { handleChat } from '../src/chat/chat.service.js'
import { loadConfig } from '../src/config.js'
import type { Database } from '../src/db/database.js'
import { PLATFORMS, type Platform } from '../src/links/parsed-link.js'
import { createOutbox } from '../src/outbox/outbox.js'
import { followingPictures, pushOutboxMessage } from '../src/outbox/push-outbox-message.js'
import { createPlatforms } from '../src/platforms/create-platforms.js'
import type { AffiliatePlatform } from '../src/platforms/platform.js'
import { outboxQueueName } from '../src/queue/queue-names.js'
import { createRedisConnection } from '../src/queue/redis-connection.js'
import { simItem } from '../src/simulator/catalog.js'
import { SimState } from '../src/simulator/sim-state.js'
import { startSimulator } from '../src/simulator/simulator-server.js'
import type { BenchRow } from './bench-row.js'
import { dropOutbox } from './drop-outbox.js'
import { refusePush } from './refuse-push.js'

const TARGETS = 500
/** What a real gateway across the internet takes per call; the conversions are timed and taken out of the fan-out figure. */
const PLATFORM_LATENCY = { min: 150, max: 250 }
const ACCOUNT = 'bench-relay'

/** Conversions (promote calls) made through the adapters, and the wall time they covered (they run side by side). */
class PromoteMeter {
  calls = 0
  #spans: { start: number; end: number }[] = []

  wrap(platforms: Readonly<Record<Platform, AffiliatePlatform>>): Readonly<Record<Platform, AffiliatePlatform>> {
    const wrapOne = (platform: AffiliatePlatform): AffiliatePlatform =>
      new Proxy(platform, {
        get: (target, prop, receiver) => {
          const value: unknown = Reflect.get(target, prop, receiver)
          if (prop !== 'promote' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value
          return async (...args: Parameters<AffiliatePlatform['promote']>) => {
            this.calls++
            const start = performance.now()
            try {
              return await target.promote(...args)
            } finally {
              this.#spans.push({ start, end: performance.now() })
            }
          }
        },
      })
    return { taobao: wrapOne(platforms.taobao), jd: wrapOne(platforms.jd), pdd: wrapOne(platforms.pdd) }
  }

  /** Milliseconds during which at least one conversion was waiting on a platform, since `reset`. */
  busyMs(): number {
    const spans = [...this.#spans].sort((a, b) => a.start - b.start)
    let busy = 0
    let end = -Infinity
    for (const s of spans) {
      if (s.start > end) busy += s.end - s.start
      else if (s.end > end) busy += s.end - end
      end = Math.max(end, s.end)
    }
    return busy
  }

  reset(): void {
    this.calls = 0
    this.#spans = []
  }
}

/**
 * 线报转发 at scale: one source group relayed by an owner with 500 target
 * groups. A copy of three links (JD, PDD, Taobao) said in the source goes
 * through the chat service as the bot hands it over (handleChat: relay
 * lookup, one conversion per link for the owner, the fan-out with a landing
 * link per group × item, the routed bulk enqueue) on PostgreSQL and a real
 * Redis outbox; the simulator holds each platform call 150–250 ms. The time
 * from receipt to all 500 queued is wall time minus the time a conversion
 * was waiting on a platform (measured around the adapters' promote calls).
 * Then the same copy again (every group a duplicate), and a second owner
 * with 500 groups relaying the same source.
 */
export async function benchRelay(db: Kysely<Database>, redisUrl: string): Promise<BenchRow[]> {
  const tag = randomUUID().slice(0, 8)
  const prefix = `bench-relay-${tag}`
  const config = loadConfig({ LOG_LEVEL: 'silent', LANDING_PAGES: 'on', PUBLIC_BASE_URL: 'https://r.example' })
  const sim = await startSimulator({
    port: 0,
    state: new SimState({ settings: { latencyMs: { ...PLATFORM_LATENCY }, jdTier: 'advanced', pddUserAuthorization: false } }),
  })
  const connection = createRedisConnection(redisUrl)
  const outbox = createOutbox({ connection, prefix, account: ACCOUNT })
  const meter = new PromoteMeter()
  const chat = chatDeps(config, {
    db,
    platforms: meter.wrap(createPlatforms(config, sim)),
    push: refusePush,
    queuePictures: (pictures) =>
      enqueueRouted(
        db,
        () => outbox,
        ACCOUNT,
        pictures.map((p) => ({ message: followingPictures(p), dedupeKey: p.dedupeKey })),
      ),
    // As the bot role's infra does it: routed by the group's account, one bulk add per outbox.
    pushMany: (pushes) =>
      enqueueRouted(
        db,
        () => outbox,
        ACCOUNT,
        pushes.map((p) => ({ message: pushOutboxMessage(p), dedupeKey: p.dedupeKey })),
      ),
    validateCron: (expression) => cron.validate(expression),
  })
  const source = `bench-relay-${tag}-source@chatroom`
  const owners = [`bench-relay-${tag}-owner-a`, `bench-relay-${tag}-owner-b`]
  await db.insertInto('groups').values({ room_id: source, topic: `线报源${tag}`, owner_contact_id: null }).execute()
  for (const [o, owner] of owners.entries()) {
    await db
      .insertInto('groups')
      .values(Array.from({ length: TARGETS }, (_, i) => ({ room_id: `bench-relay-${tag}-${o}-${i}@chatroom`, topic: `福利${o}-${i}`, owner_contact_id: owner, relay_enabled: true })))
      .execute()
  }
  await db.insertInto('relay_sources').values({ owner_contact_id: owners[0] ?? '', source_id: source, name: `线报源${tag}`, kind: 'group' }).execute()
  const jobsQueue = new Queue(outboxQueueName(ACCOUNT), { connection, prefix })
  const queuedJobs = async () => jobsQueue.getJobs(['waiting', 'prioritized', 'delayed'])
  const key = (platform: Platform, n: number): string => {
    for (let k = 500_000_000_000 + n * 1000; ; k++) if (simItem(platform, String(k)).inProgram) return String(k)
  }
  const copyOf = (n: number): string =>
    [
      '【线报】今晚好价🔥',
      `京东 补水面膜 https://item.jd.com/${key('jd', n)}.html`,
      `拼多多 抽纸 https://mobile.yangkeduo.com/goods.html?goods_id=${key('pdd', n)}`,
      `淘宝 零食 https://item.taobao.com/item.htm?id=${key('taobao', n)}`,
      '手慢无',
    ].join('\n')
  const say = async (text: string): Promise<{ ms: number; platformMs: number; calls: number }> => {
    meter.reset()
    const start = performance.now()
    await handleChat(chat, { contactId: `bench-relay-${tag}-poster`, displayName: '线报员', roomId: source, roomTopic: `线报源${tag}`, text })
    const ms = performance.now() - start
    return { ms, platformMs: meter.busyMs(), calls: meter.calls }
  }
  const duplicatesLogged = async (): Promise<number> =>
    Number(
      (
        await db
          .selectFrom('relay_log')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('owner_contact_id', 'in', owners)
          .where('outcome', '=', 'duplicate')
          .executeTakeFirstOrThrow()
      ).n,
    )
  try {
    // Warm-up on another copy, as a running bot is warm: the adapters' first calls (JD tier, PDD 备案 checks) and the pools.
    await say(copyOf(90))
    const warmIds = new Set((await queuedJobs()).map((j) => j.id))
    const simCallsBefore = PLATFORMS.reduce((sum, p) => sum + sim.state.callsOf(p), 0)

    const first = await say(copyOf(1))
    const simCalls = PLATFORMS.reduce((sum, p) => sum + sim.state.callsOf(p), 0) - simCallsBefore
    const afterFirst = await queuedJobs()
    const firstRun = afterFirst.filter((j) => !warmIds.has(j.id))
    const firstRooms = new Set(firstRun.map((j) => (j.data as { conversationId: string }).conversationId)).size

    const duplicatesBefore = await duplicatesLogged()
    const again = await say(copyOf(1))
    const againJobs = (await queuedJobs()).length - afterFirst.length
    const duplicates = (await duplicatesLogged()) - duplicatesBefore

    await db.insertInto('relay_sources').values({ owner_contact_id: owners[1] ?? '', source_id: source, name: `线报源${tag}`, kind: 'group' }).execute()
    const beforeTwo = (await queuedJobs()).length
    const two = await say(copyOf(2))
    const twoJobs = (await queuedJobs()).length - beforeTwo

    // The poster's picture right after that copy follows it into all 1,000 groups: stored once, one job per group.
    const beforePicture = (await queuedJobs()).length
    const pictureStart = performance.now()
    const bytes = Buffer.alloc(200 * 1024, 7)
    await handleChat(chat, {
      contactId: `bench-relay-${tag}-poster`,
      displayName: '线报员',
      roomId: source,
      roomTopic: `线报源${tag}`,
      text: '',
      picture: { load: async () => ({ name: 'deal.jpg', mediaType: 'image/jpeg', bytes }) },
    })
    const pictureMs = performance.now() - pictureStart
    const pictureJobs = (await queuedJobs()).length - beforePicture
    const round = (ms: number) => Math.round(ms)
    return [
      { name: 'relay to 500 groups: receipt → all queued, less platforms', value: round(first.ms - first.platformMs), unit: 'ms', target: 2000, better: 'lower' },
      { name: 'relay to 500 groups: wall time incl. platforms', value: round(first.ms), unit: 'ms', target: null, better: 'lower' },
      { name: 'relay to 500 groups: conversions (one per link)', value: first.calls, unit: 'calls', target: 3, better: 'lower' },
      { name: 'relay to 500 groups: simulator API calls', value: simCalls, unit: 'calls', target: null, better: 'lower' },
      { name: 'relay to 500 groups: outbox jobs queued', value: firstRun.length, unit: 'jobs', target: TARGETS, better: 'higher' },
      { name: 'relay to 500 groups: distinct rooms in the outbox', value: firstRooms, unit: 'rooms', target: TARGETS, better: 'higher' },
      { name: 'relay same copy again: new outbox jobs', value: againJobs, unit: 'jobs', target: 0, better: 'lower' },
      { name: 'relay same copy again: duplicates logged (500×3)', value: duplicates, unit: 'rows', target: TARGETS * 3, better: 'higher' },
      { name: 'relay same copy again: less platforms', value: round(again.ms - again.platformMs), unit: 'ms', target: null, better: 'lower' },
      { name: 'relay, 2 owners × 500 groups: conversions', value: two.calls, unit: 'calls', target: 6, better: 'lower' },
      { name: 'relay, 2 owners × 500 groups: outbox jobs queued', value: twoJobs, unit: 'jobs', target: TARGETS * 2, better: 'higher' },
      { name: 'relay, 2 owners × 500 groups: less platforms', value: round(two.ms - two.platformMs), unit: 'ms', target: null, better: 'lower' },
      { name: 'relay, a 200 KB picture following that copy: receipt → queued to 1,000 groups', value: round(pictureMs), unit: 'ms', target: 2000, better: 'lower' },
      { name: 'relay, the picture following that copy: outbox jobs', value: pictureJobs, unit: 'jobs', target: TARGETS * 2, better: 'higher' },
    ]
  } finally {
    await jobsQueue.close()
    await outbox.close()
    await dropOutbox(connection, prefix, ACCOUNT)
    await connection.quit().catch(() => undefined)
    await sim.close()
  }
}
