import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { scheduledGroups } from '../groups/push-history.repository.js'
import { duePushes } from './due-pushes.js'

/** The group pushes due in the minute of `at`, across every group with a schedule (see `duePushes`). */
export async function duePushesAt(
  db: Kysely<Database>,
  at: Date,
  timeZone: string,
  spreadMs: number,
): Promise<ReturnType<typeof duePushes>> {
  return duePushes(await scheduledGroups(db), at, timeZone, spreadMs)
}
