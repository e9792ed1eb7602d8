import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'

/** What the console's read-only pages need: the database, and the zone their days and times are shown in (TIME_ZONE). */
export interface ConsoleReadDeps {
  readonly db: Kysely<Database>
  readonly timeZone: string
}
