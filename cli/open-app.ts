import type { ChatDeps } from '../src/chat/chat.service.js'
import type { Config } from '../src/config.js'
import { createDatabase, type DatabaseHandle } from '../src/db/create-db.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { PLATFORMS } from '../src/links/parsed-link.js'
import { createPlatforms } from '../src/platforms/create-platforms.js'
import { createLogger } from '../src/shared/log.js'
import { startSimulator, type RunningSimulator } from '../src/simulator/simulator-server.js'

const log = createLogger('app')

export interface App {
  readonly config: Config
  readonly database: DatabaseHandle
  readonly simulator: RunningSimulator | undefined
  readonly chat: ChatDeps
  close(): Promise<void>
}

/**
 * The composition root shared by every role: database (migrated), the
 * platform simulator for platforms without keys, the adapters.
 */
export async function openApp(config: Config): Promise<App> {
  const database = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  let simulator: RunningSimulator | undefined
  try {
    await migrateToLatest(database.db)
    const simulated = PLATFORMS.filter((p) => config[p].simulated)
    if (simulated.length > 0) {
      simulator = await startSimulator({ port: config.simulator.port })
      log.info('platform simulator running', { url: simulator.url, platforms: simulated })
    }
    const platforms = createPlatforms(config, simulator)
    return {
      config,
      database,
      simulator,
      chat: { db: database.db, platforms, userShareBp: config.rates.userShareBp },
      close: async () => {
        await simulator?.close()
        await database.close()
      },
    }
  } catch (error) {
    await simulator?.close()
    await database.close()
    throw error
  }
}
