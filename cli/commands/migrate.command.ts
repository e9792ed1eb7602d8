import type { Config } from '../../src/config.js'
import { createDatabase } from '../../src/db/create-db.js'
import { migrateToLatest } from '../../src/db/migrate.js'

export async function runMigrate(config: Config): Promise<number> {
  const handle = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    const results = await migrateToLatest(handle.db)
    const applied = results.filter((r) => r.status === 'Success').map((r) => r.migrationName)
    process.stdout.write(applied.length > 0 ? `applied: ${applied.join(', ')}\n` : `schema is up to date (${handle.backend})\n`)
    return 0
  } finally {
    await handle.close()
  }
}
