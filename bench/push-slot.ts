import { performance } from 'node:perf_hooks'
import type { Kysely } from 'kysely'
import { groupPushTick } from '../jobs/group-push.schedule.js'
import { startGroupPushWorker } from '../jobs/processors/group-push.processor.js'
import { loadConfig } from '../src/config.js'
import type { Database } from '../src/db/database.js'
import type { GroupPushDeps } from '../src/deals/group-push.service.js'
import { pendingCount } from '../src/outbox/pending-count.js'
import { createPlatforms } from '../src/platforms/create-platforms.js'
import { createPushQueue } from '../src/queue/push-queue.js'
import { createRedisConnection } from '../src/queue/redis-connection.js'
import { SimState } from '../src/simulator/sim-state.js'
import { startSimulator } from '../src/simulator/simulator-server.js'

/** The minute the benches' groups are due (09:00 Beijing, their schedule `0 9 * * *`). */
const NINE = new Date('2026-11-24T01:00:00Z')

/**
 * One push slot for every group due at 09:00: two schedulers tick at once, the
 * push workers (against the simulator) select, convert, render and hand each
 * push to `send`. Resolves with the seconds until the push queue is empty;
 * the worker, the simulator and their connections are gone by then.
 */
export async function queuePushSlot(options: {
  readonly db: Kysely<Database>
  readonly redisUrl: string
  readonly prefix: string
  readonly send: GroupPushDeps['send']
}): Promise<number> {
  const { db, prefix } = options
  // Owners who run scheduled pushes have done their PDD 授权备案 (the bot sends them the link once a day until they do).
  const sim = await startSimulator({ port: 0, state: new SimState({ settings: { pddUserAuthorization: false } }) })
  const platforms = createPlatforms(loadConfig({ LOG_LEVEL: 'silent' }), sim)
  const connections = [createRedisConnection(options.redisUrl), createRedisConnection(options.redisUrl)] as const
  const queue = createPushQueue({ connection: connections[0], prefix })
  const lock = { held: () => true, confirm: async () => true, release: async () => undefined }
  const started = performance.now()
  const worker = startGroupPushWorker({
    connection: connections[1],
    prefix,
    concurrency: 16,
    push: {
      db,
      platforms,
      dedupeWindowMs: 7 * 86_400_000,
      allowWithoutCoupon: false,
      userShareBp: 6000,
      send: options.send,
      tellOwner: async () => undefined,
    },
  })
  try {
    const tick = { db, queue, lock, timeZone: 'Asia/Shanghai', spreadMs: 0 }
    await Promise.all([groupPushTick(tick, NINE), groupPushTick(tick, NINE)])
    while ((await pendingCount(queue.queue)) > 0) await new Promise((done) => setTimeout(done, 50))
    return (performance.now() - started) / 1000
  } finally {
    await worker.close()
    await queue.queue.obliterate({ force: true }).catch(() => undefined)
    await queue.close()
    await sim.close()
    await Promise.all(connections.map((c) => c.quit().catch(() => undefined)))
  }
}
