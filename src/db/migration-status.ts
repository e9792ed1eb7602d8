import { sql, type Kysely } from 'kysely'
import { migrations } from '../../migrations/index.js'

export interface MigrationStatus {
  /** Migrations this code has that the database has not run: run `migrate` (or start one process, which migrates). */
  readonly pending: readonly string[]
  /** Migrations the database ran that this code does not know: a newer version migrated it, this process is outdated. */
  readonly unknown: readonly string[]
}

const UNDEFINED_TABLE = '42P01'

/** Compares the migrations Kysely recorded in `kysely_migration` with `migrations/index.ts`. */
export async function migrationStatus<DB>(db: Kysely<DB>): Promise<MigrationStatus> {
  const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(db).then(
    (result) => new Set(result.rows.map((row) => row.name)),
    (error: unknown) => {
      // A database nothing has migrated yet has no table: everything is pending.
      if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return new Set<string>()
      throw error
    },
  )
  const known = Object.keys(migrations)
  return { pending: known.filter((name) => !applied.has(name)), unknown: [...applied].filter((name) => !known.includes(name)).sort() }
}

/** One round trip: the database answers queries. */
export async function pingDatabase<DB>(db: Kysely<DB>): Promise<void> {
  await sql`select 1`.execute(db)
}
