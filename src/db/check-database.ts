import { sql, type Kysely } from 'kysely'
import { StartupError } from '../shared/startup-error.js'

/**
 * One round trip before migrating: an unreachable server, a wrong password
 * or a missing database becomes one line naming DATABASE_URL (password
 * hidden) instead of a migration failure with a stack trace.
 * @throws StartupError
 */
export async function checkDatabase<DB>(db: Kysely<DB>, databaseUrl: string | undefined): Promise<void> {
  if (!databaseUrl) return
  try {
    await sql`select 1`.execute(db)
  } catch (error) {
    const code = (error as { code?: string }).code
    const reason = error instanceof Error ? error.message : String(error)
    throw new StartupError(`DATABASE_URL: cannot use ${withoutPassword(databaseUrl)}: ${reason}${code && !reason.includes(code) ? ` (${code})` : ''}`)
  }
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'the configured URL'
  }
}
