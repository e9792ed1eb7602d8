import { chatDeps } from '../src/chat/chat-deps.js'
import cron from 'node-cron'
import type { ChatDeps } from '../src/chat/chat.service.js'
import type { Config } from '../src/config.js'
import { checkDatabase } from '../src/db/check-database.js'
import { createDatabase, type DatabaseHandle } from '../src/db/create-db.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { PLATFORMS } from '../src/links/parsed-link.js'
import { createPlatforms } from '../src/platforms/create-platforms.js'
import { createLogger } from '../src/shared/log.js'
import { SimState } from '../src/simulator/sim-state.js'
import { startSimulator, type RunningSimulator } from '../src/simulator/simulator-server.js'
import { startBackground, type Background } from './background.js'

const log = createLogger('app')

export interface App {
  readonly config: Config
  readonly database: DatabaseHandle
  readonly simulator: RunningSimulator | undefined
  /** Undefined when no Redis could be had: chat only. */
  readonly background: Background | undefined
  readonly chat: ChatDeps
  close(): Promise<void>
}

/** With the simulator the order feed is local and cheap: read it often so a purchase shows up in seconds. */
const SIMULATED_SYNC_SECONDS = 2

/**
 * The composition root shared by every role: database (migrated), the
 * platform simulator for platforms without keys, the adapters, and the
 * background roles (order sync, crediting, outbox) on Redis.
 */
export async function openApp(config: Config): Promise<App> {
  const database = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  let simulator: RunningSimulator | undefined
  let background: Background | undefined
  try {
    await checkDatabase(database.db, config.databaseUrl)
    await migrateToLatest(database.db)
    const simulated = PLATFORMS.filter((p) => config[p].simulated)
    if (simulated.length > 0) {
      simulator = await startSimulator({
        port: config.simulator.port,
        state: new SimState({ settings: { ...config.simulator.settings, latencyMs: { ...config.simulator.settings.latencyMs } } }),
      })
      log.info('platform simulator running', { url: simulator.url, platforms: simulated })
    }
    const platforms = createPlatforms(config, simulator)
    // Not awaited: a slow gateway must not hold up the chat; each check logs its own findings.
    for (const platform of Object.values(platforms)) void platform.checkSetup?.()
    background = await startBackground({
      config,
      database,
      platforms,
      ...(simulated.length === PLATFORMS.length ? { syncIntervalSeconds: SIMULATED_SYNC_SECONDS } : {}),
    })
    return {
      config,
      database,
      simulator,
      background,
      chat: chatDeps(config, {
        db: database.db,
        platforms,
        validateCron: (expression) => cron.validate(expression),
        push: async (roomId, text, dedupeKey, imageUrl, pushSlot) => {
          await background?.outbox.enqueue(
            { conversationId: roomId, text, kind: 'push', ...(imageUrl ? { imageUrl } : {}), ...(pushSlot ? { pushSlot } : {}) },
            dedupeKey,
          )
        },
      }),
      close: async () => {
        await background?.close()
        await simulator?.close()
        await database.close()
      },
    }
  } catch (error) {
    await background?.close()
    await simulator?.close()
    await database.close()
    throw error
  }
}
