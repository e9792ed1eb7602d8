import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'

/** What a console route needs at the least: the database its services run on (web/ names no kysely type itself). */
export interface ConsoleDbDeps {
  readonly db: Kysely<Database>
}
