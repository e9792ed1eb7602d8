import type { Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import { startOutboxConsumer, type OutboxConsumer } from '../bots/outbox-consumer.js'
import type { ReplySender } from '../bots/reply-sender.js'
import { groupPushTick, startGroupPushSchedule } from '../jobs/group-push.schedule.js'
import { startNoticeRelay } from '../jobs/notice-relay.loop.js'
import { startOrderSyncSchedule } from '../jobs/order-sync.schedule.js'
import { startGroupPushWorker } from '../jobs/processors/group-push.processor.js'
import { startCreditWorker } from '../jobs/processors/credit-order.processor.js'
import { startOrderSyncWorker } from '../jobs/processors/order-sync.processor.js'
import type { Config } from '../src/config.js'
import type { DatabaseHandle } from '../src/db/create-db.js'
import { acquireSchedulerLock, type SchedulerLock } from '../src/db/scheduler-lock.js'
import type { Platform } from '../src/links/parsed-link.js'
import { countWaitingNotices } from '../src/orders/notice-outbox.repository.js'
import { confirmNoticeSent, handOverTo } from '../src/orders/notice-relay.service.js'
import { clearStoppedSyncs } from '../src/orders/sync-cursor.repository.js'
import { createOutbox, type Outbox } from '../src/outbox/outbox.js'
import { pendingCount } from '../src/outbox/pending-count.js'
import type { DealSource } from '../src/platforms/deal-source.js'
import type { OrderFeed } from '../src/platforms/order-feed.js'
import type { AffiliatePlatform } from '../src/platforms/platform.js'
import { createOrderQueues, type OrderQueues } from '../src/queue/order-queues.js'
import { createPushQueue } from '../src/queue/push-queue.js'
import { createRedisConnection, untilReady } from '../src/queue/redis-connection.js'
import { createLogger } from '../src/shared/log.js'
import { pushDropped } from '../src/deals/push-drops.service.js'
import { within } from '../src/shared/within.js'
import { manualPayout } from '../src/withdrawals/manual-payout.js'
import type { PayoutAdapter } from '../src/withdrawals/payout.js'
import { settlePayingWithdrawals } from '../src/withdrawals/withdrawal.service.js'
import { ensureRedis, type RedisHandle } from './ensure-redis.js'

const log = createLogger('app')
/** Notices queued on the chat outbox ahead of the sender (minutes of sending at real pacing); the rest wait in the database. */
const NOTICES_AHEAD = 100
const NOTICE_RELAY_INTERVAL_MS = 500
/** Payments younger than this may still be waiting for their provider in the approving process: recovery leaves them. */
const PAYOUT_GRACE_MS = 2 * 60_000
const PAYOUT_RECOVERY_INTERVAL_MS = 60_000

export interface Background {
  readonly queues: OrderQueues
  readonly outbox: Outbox
  /** The bot process starts consuming its outbox once it can send. */
  startOutbox(sender: ReplySender): Promise<OutboxConsumer>
  /** Runs the push scheduler's tick for a given minute now, without spreading (the terminal's /tick). */
  pushTick(at: Date): Promise<number>
  /** Resolves when no sync, credit or outbox work is left. */
  idle(): Promise<void>
  /** Pushes the outbox consumer parked until quiet hours end. */
  parked(): number
  close(): Promise<void>
}

export interface BackgroundOptions {
  readonly config: Config
  readonly database: DatabaseHandle
  readonly platforms: Readonly<Record<Platform, AffiliatePlatform & OrderFeed & DealSource>>
  /** Overrides the configured sync interval (the simulator's feed is worth reading often). */
  readonly syncIntervalSeconds?: number
  /** The adapter approvals pay through (default: manual); recovery asks it about unsettled payments. */
  readonly payout?: PayoutAdapter
}

/**
 * The worker and scheduler roles in this process: order sync, crediting,
 * the sync schedule, and the outbox the bot consumes. Undefined when no
 * Redis can be had: the chat still works, orders are not followed.
 */
export async function startBackground(options: BackgroundOptions): Promise<Background | undefined> {
  const { config, database } = options
  const redis: RedisHandle | undefined = await ensureRedis(config.redisUrl, config.dataDir, config.searchPath)
  if (!redis) {
    log.warn(
      `Redis did not answer at ${config.redisUrl} and redis-server is not installed: order sync and notifications are off. ` +
        'Install Redis (e.g. apt-get install redis-server) or set REDIS_URL.',
    )
    return undefined
  }
  const connections: Redis[] = []
  const connect = (): Redis => {
    const connection = createRedisConnection(redis.url)
    connections.push(connection)
    return connection
  }
  const prefix = config.queue.prefix
  const resumed = await clearStoppedSyncs(database.db)
  if (resumed.length > 0) log.info('resuming order sync stopped before this start', { platforms: resumed })
  // Approvals cut short between paying and recording the result: at start-up, then every minute.
  const payout = options.payout ?? manualPayout(database.db)
  const settlePayouts = (): Promise<void> =>
    settlePayingWithdrawals({ db: database.db, payout }, { graceMs: PAYOUT_GRACE_MS }).then(
      (report) => void (report.settled + report.stillPaying > 0 && log.info('settled interrupted payouts', { ...report })),
      (error: unknown) => log.error('payout recovery failed', { error }),
    )
  await settlePayouts()
  const payoutRecovery = setInterval(() => void settlePayouts(), PAYOUT_RECOVERY_INTERVAL_MS)
  payoutRecovery.unref()
  const queues = createOrderQueues({ connection: connect(), prefix })
  const outboxConnection = connect()
  const outbox = createOutbox({ connection: outboxConnection, prefix, account: config.queue.account })
  // Redis answered a moment ago: the first reply (or a notice committed in the first second, which idle() would
  // otherwise leave for the next session) should not find the connection still opening and call it an outage.
  await untilReady(outboxConnection, 2000)
  const relay = startNoticeRelay({
    db: database.db,
    ...handOverTo(outbox),
    pending: () => outbox.pending(),
    highWater: NOTICES_AHEAD,
    rehandAfterMs: config.notices.rehandAfterMs,
    intervalMs: NOTICE_RELAY_INTERVAL_MS,
  })
  const creditWorker = startCreditWorker({
    connection: connect(),
    prefix,
    credit: {
      db: database.db,
      userShareBp: config.rates.userShareBp,
      referralL1Bp: config.rates.referralL1Bp,
      referralL2Bp: config.rates.referralL2Bp,
      groupOwnerShareBp: config.rates.groupOwnerShareBp,
      attributionWindowMs: config.orders.attributionWindowMs,
      clockSkewMs: config.orders.clockSkewMs,
    },
  })
  // Crediting has just committed notices: hand them over now rather than at the next tick.
  creditWorker.on('completed', () => relay.kick())
  const workers: Worker[] = [
    creditWorker,
    startOrderSyncWorker({
      connection: connect(),
      prefix,
      db: database.db,
      feeds: options.platforms,
      queues,
      overlapMs: config.orders.overlapMs,
      initialLookbackMs: config.orders.initialLookbackMs,
    }),
  ]
  const lock: SchedulerLock = await acquireSchedulerLock(config.databaseUrl)
  const schedule = startOrderSyncSchedule({
    intervalSeconds: options.syncIntervalSeconds ?? config.orders.syncIntervalSeconds,
    platforms: Object.keys(options.platforms) as Platform[],
    queues,
    lock,
  })
  const pushQueue = createPushQueue({ connection: connect(), prefix })
  workers.push(
    startGroupPushWorker({
      connection: connect(),
      prefix,
      push: {
        db: database.db,
        platforms: options.platforms,
        userShareBp: config.rates.userShareBp,
        groupOwnerShareBp: config.rates.groupOwnerShareBp,
        ...config.pushes,
        send: async (roomId, text, dedupeKey, imageUrl, pushSlot) =>
          void (await outbox.enqueue({ conversationId: roomId, text, kind: 'push', ...(imageUrl ? { imageUrl } : {}), ...(pushSlot ? { pushSlot } : {}) }, dedupeKey)),
        tellOwner: async (contactId, text, dedupeKey) =>
          void (await outbox.enqueue({ conversationId: contactId, text, kind: 'notification' }, dedupeKey)),
      },
    }),
  )
  const pushSchedule = startGroupPushSchedule({ db: database.db, queue: pushQueue, lock, timeZone: config.timeZone, spreadMs: config.pushes.spreadMs })
  let consumer: OutboxConsumer | undefined
  let starting: Promise<OutboxConsumer> | undefined
  let closing = false
  return {
    queues,
    outbox,
    startOutbox: (sender) => {
      // A piped session can end while the bot is still starting: a consumer started after close would retry a stopped Redis forever.
      if (closing) return Promise.reject(new Error('background is closing: the outbox is not started'))
      starting ??= startOutboxConsumer({
        connection: connect(),
        prefix,
        account: config.queue.account,
        sender,
        ...config.outbox,
        onDropped: (message, reason) =>
          message.pushSlot ? pushDropped(database.db, { roomId: message.conversationId, slot: message.pushSlot, reason }) : Promise.resolve(),
        // A notice leaves the database only once sent: until then the relay hands it over again if Redis loses it.
        onSent: (message) => (message.noticeId ? confirmNoticeSent(database.db, message.noticeId) : Promise.resolve()),
      }).then((started) => (consumer = started))
      return starting
    },
    pushTick: (at) => groupPushTick({ db: database.db, queue: pushQueue, lock, timeZone: config.timeZone, spreadMs: 0 }, at),
    parked: () => consumer?.parked() ?? 0,
    idle: async () => {
      const sleep = (): Promise<void> => new Promise((done) => setTimeout(done, 20))
      // With Redis gone nothing drains until it is back: stop waiting (the terminal reads its next line).
      const pending = async (): Promise<number> => {
        if (!outbox.reachable()) return 0
        return within(Promise.all([queues.pending(), pendingCount(pushQueue.queue)]), 2000, 'Redis').then(
          ([a, b]) => a + b,
          () => 0,
        )
      }
      for (let round = 0; round < 2; round++) {
        while ((await pending()) > 0) await sleep()
        if (!outbox.reachable()) return
        await relay.settled()
        // Without a consumer the outbox never drains below the relay's high-water mark: nothing more to wait for. Notices
        // handed over and not confirmed (a send that keeps failing) are the outbox's to retry, not something to wait for here.
        while (consumer && (await countWaitingNotices(database.db)) > 0) {
          await consumer.whenIdle()
          await relay.settled()
        }
        await consumer?.whenIdle()
      }
    },
    close: async () => {
      closing = true
      clearInterval(payoutRecovery)
      schedule.stop()
      pushSchedule.stop()
      await relay.stop()
      await starting?.catch(() => undefined)
      await consumer?.close()
      await Promise.all(workers.map((w) => w.close()))
      await queues.close()
      await pushQueue.close()
      await outbox.close()
      await lock.release()
      await Promise.all(connections.map((c) => c.quit().catch(() => undefined)))
      await redis.stop()
    },
  }
}
