import cron from 'node-cron'
import type { Redis } from 'ioredis'
import { chatDeps } from '../src/chat/chat-deps.js'
import type { ChatDeps } from '../src/chat/chat.service.js'
import type { Config } from '../src/config.js'
import { checkDatabase } from '../src/db/check-database.js'
import { createDatabase, type DatabaseHandle } from '../src/db/create-db.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { PLATFORMS, type Platform } from '../src/links/parsed-link.js'
import { createOutbox, type Outbox } from '../src/outbox/outbox.js'
import { followingPictures, pushOutboxMessage } from '../src/outbox/push-outbox-message.js'
import type { OutboxMessage } from '../src/queue/payloads.js'
import { accountToSend, enqueueRouted } from '../src/accounts/account-routing.service.js'
import { PublicBaseUrl } from '../src/landing/landing-links.js'
import { createPlatforms } from '../src/platforms/create-platforms.js'
import type { TaobaoPlatform } from '../src/platforms/taobao/taobao.platform.js'
import type { DealSource } from '../src/platforms/deal-source.js'
import type { OrderFeed } from '../src/platforms/order-feed.js'
import type { AffiliatePlatform } from '../src/platforms/platform.js'
import { createOrderQueues, type OrderQueues } from '../src/queue/order-queues.js'
import { createPushQueue, type PushQueue } from '../src/queue/push-queue.js'
import { createRedisConnection, untilReady } from '../src/queue/redis-connection.js'
import { createLogger } from '../src/shared/log.js'
import { StartupError } from '../src/shared/startup-error.js'
import type { RunningSimulator } from '../src/simulator/simulator-server.js'
import { ensureRedis, type RedisHandle } from './ensure-redis.js'
import type { Role } from './role-flag.js'

const log = createLogger('app')

/** With the simulator the order feed is local and cheap: read it often so a purchase shows up in seconds. */
const SIMULATED_SYNC_SECONDS = 2

/** Every platform's adapter; Taobao's also binds shoppers (绑定淘宝). */
export type Platforms = Readonly<Record<Platform, AffiliatePlatform & OrderFeed & DealSource>> & { readonly taobao: TaobaoPlatform }

/** Redis and the queue producers every role shares (each BullMQ client gets a connection of its own). */
export interface QueueInfra {
  readonly handle: RedisHandle
  connect(): Redis
  readonly queues: OrderQueues
  readonly pushQueue: PushQueue
  /** This process's account's chat outbox (producer side; the bot role consumes it). */
  readonly outbox: Outbox
  /** Another account's outbox (made on first use; every account's bot consumes its own). */
  outboxFor(account: string): Outbox
  /** Messages waiting in every outbox this process has queued on. */
  pendingEverywhere(): Promise<number>
  /** Queues a push or a message for a conversation on the outbox of the account that serves it. */
  sendRouted(message: OutboxMessage, dedupeKey: string): Promise<void>
  /** sendRouted for many messages: one routing look-up, one bulk add per account's outbox. */
  sendRoutedMany(messages: readonly { message: OutboxMessage; dedupeKey: string }[]): Promise<void>
}

/** What every role of a process shares, built once. */
export interface Infra {
  readonly config: Config
  readonly roles: ReadonlySet<Role>
  readonly database: DatabaseHandle
  readonly simulator: RunningSimulator | undefined
  readonly platforms: Platforms
  /** 'none': no Redis could be had — decided here, once; only the chat runs then. */
  readonly redis: QueueInfra | 'none'
  /** The sync interval in force (the simulator's feed is read more often than a real gateway). */
  readonly syncIntervalSeconds: number
  readonly chat: ChatDeps
  /** LANDING_PAGES=on: where chat links to landing pages point (the web role may set its bound address). */
  /** Where chat links to the web role point: PUBLIC_BASE_URL, or the web role's bound address when that is unset. */
  readonly publicUrl: PublicBaseUrl
  /** The same object when LANDING_PAGES=on: replies and pushes link to landing pages. */
  readonly landing: PublicBaseUrl | undefined
  close(): Promise<void>
}

/**
 * Database (migrated: Kysely's migrator holds a lock, so processes starting
 * together migrate once), the simulator for platforms without keys (when a
 * role here calls platforms), the adapters, Redis and the queue producers.
 * @throws StartupError when roles that live on Redis were asked for by name and no Redis answers
 */
export async function openInfra(config: Config, roles: ReadonlySet<Role>, options: { readonly explicitRoles: boolean }): Promise<Infra> {
  const database = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  let simulator: RunningSimulator | undefined
  let redis: QueueInfra | 'none' = 'none'
  const connections: Redis[] = []
  const outboxes = new Map<string, Outbox>()
  const closeAll = async (): Promise<void> => {
    if (redis !== 'none') {
      await redis.queues.close()
      await redis.pushQueue.close()
      for (const outbox of outboxes.values()) await outbox.close()
    }
    await Promise.all(connections.map((c) => c.quit().catch(() => undefined)))
    if (redis !== 'none') await redis.handle.stop()
    await simulator?.close()
    await database.close()
  }
  try {
    await checkDatabase(database.db, config.databaseUrl)
    await migrateToLatest(database.db)
    const simulated = PLATFORMS.filter((p) => config[p].simulated)
    // The scheduler alone never calls a platform: it only needs their names.
    if (simulated.length > 0 && (roles.has('bot') || roles.has('worker'))) {
      // Loaded only when a platform is simulated: a production process never holds the simulator's code.
      const [{ startSimulator }, { SimState }] = await Promise.all([import('../src/simulator/simulator-server.js'), import('../src/simulator/sim-state.js')])
      simulator = await startSimulator({
        port: config.simulator.port,
        state: new SimState({ settings: { ...config.simulator.settings, latencyMs: { ...config.simulator.settings.latencyMs } } }),
      })
      log.info('platform simulator running', { url: simulator.url, platforms: simulated })
    }
    const platforms = createPlatforms(config, simulator)
    // Not awaited: a slow gateway must not hold up the chat; each check logs its own findings.
    if (roles.has('bot') || roles.has('worker')) for (const platform of Object.values(platforms)) void platform.checkSetup?.()
    const handle = await ensureRedis(config.redisUrl, config.dataDir, config.searchPath)
    if (handle) {
      const connect = (): Redis => {
        const connection = createRedisConnection(handle.url)
        connections.push(connection)
        return connection
      }
      const prefix = config.queue.prefix
      const outboxConnection = connect()
      const outboxFor = (account: string): Outbox => {
        let outbox = outboxes.get(account)
        if (!outbox) {
          outbox = createOutbox({ connection: outboxConnection, prefix, account })
          outboxes.set(account, outbox)
        }
        return outbox
      }
      redis = {
        handle,
        connect,
        queues: createOrderQueues({ connection: connect(), prefix }),
        pushQueue: createPushQueue({ connection: connect(), prefix }),
        outbox: outboxFor(config.queue.account),
        outboxFor,
        pendingEverywhere: async () => (await Promise.all([...outboxes.values()].map((o) => o.pending()))).reduce((a, b) => a + b, 0),
        sendRouted: async (message, dedupeKey) =>
          void (await outboxFor(await accountToSend(database.db, message.conversationId, config.queue.account)).enqueue(message, dedupeKey)),
        sendRoutedMany: (messages) => enqueueRouted(database.db, outboxFor, config.queue.account, messages),
      }
      // Redis answered a moment ago: the first reply (or a notice committed in the first second) should not find the
      // connection still opening and call it an outage.
      await untilReady(outboxConnection, 2000)
    } else if (options.explicitRoles && (roles.has('worker') || roles.has('scheduler'))) {
      throw new StartupError(
        `REDIS_URL: Redis did not answer at ${config.redisUrl}; the worker and scheduler roles need it (install Redis or set REDIS_URL)`,
      )
    } else {
      log.warn(
        `Redis did not answer at ${config.redisUrl} and redis-server is not installed: order sync and notifications are off. ` +
          'Install Redis (e.g. apt-get install redis-server) or set REDIS_URL.',
      )
    }
    const queueInfra = redis
    const publicUrl = new PublicBaseUrl(config.web.publicBaseUrl)
    const landing = config.web.landingPages ? publicUrl : undefined
    return {
      config,
      roles,
      database,
      simulator,
      platforms,
      redis,
      syncIntervalSeconds: simulated.length === PLATFORMS.length ? SIMULATED_SYNC_SECONDS : config.orders.syncIntervalSeconds,
      publicUrl,
      landing,
      chat: chatDeps(config, {
        publicUrl,
        db: database.db,
        platforms,
        validateCron: (expression) => cron.validate(expression),
        push: async (roomId, text, dedupeKey, imageUrl, pushSlot, pictureIds) => {
          if (queueInfra === 'none') return
          await queueInfra.sendRouted(pushOutboxMessage({ roomId, text, imageUrl, pushSlot, pictureIds }), dedupeKey)
        },
        pushMany: async (pushes) => {
          if (queueInfra === 'none') return
          await queueInfra.sendRoutedMany(pushes.map((p) => ({ message: pushOutboxMessage(p), dedupeKey: p.dedupeKey })))
        },
        queuePictures: async (pictures) => {
          if (queueInfra === 'none') return
          await queueInfra.sendRoutedMany(pictures.map((p) => ({ message: followingPictures(p), dedupeKey: p.dedupeKey })))
        },
      }),
      close: closeAll,
    }
  } catch (error) {
    await closeAll()
    throw error
  }
}
