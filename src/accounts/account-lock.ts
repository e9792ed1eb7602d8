import pg from 'pg'
import { createLogger } from '../shared/log.js'
import { StartupError } from '../shared/startup-error.js'

const log = createLogger('account-lock')

/*
 * Advisory locks share one key space: the two-key form with this first key
 * keeps account locks apart from the scheduler's (single bigint key, whose
 * high half is 0). The second key is PostgreSQL's own hash of the name.
 */
const ACCOUNT_LOCK_CLASS = 727_002

export interface AccountLock {
  /** Whether this process still holds the lock (false after its session was lost and another process took it). */
  held(): boolean
  release(): Promise<void>
}

export class AccountLockedError extends StartupError {}

/**
 * Refuses a second bot process for the same WeChat account: the bot holds a
 * PostgreSQL session advisory lock keyed by the account name for its whole
 * life, on a connection of its own (like the scheduler lock). A `kill -9`ed
 * bot's lock goes with its session. When the session drops while running,
 * the lock is taken again on a new one; if another process took it meanwhile
 * the bot is told through `held()` and a log line. The embedded database
 * serves one process, which always holds it.
 * @throws AccountLockedError (a StartupError) when another process holds it.
 */
export async function acquireAccountLock(databaseUrl: string | undefined, account: string, options: { readonly retryMs?: number } = {}): Promise<AccountLock> {
  if (!databaseUrl) return { held: () => true, release: async () => undefined }
  const retryMs = options.retryMs ?? 5_000
  let client: pg.Client | undefined
  let held = false
  let stopped = false

  const connect = async (): Promise<pg.Client> => {
    const next = new pg.Client({ connectionString: databaseUrl })
    // Without a listener an 'error' on an idle client (terminated session) kills the process.
    next.on('error', (error) => lose(next, error))
    next.on('end', () => lose(next, new Error('database session ended')))
    await next.connect()
    return next
  }

  const take = async (session: pg.Client): Promise<boolean> => {
    const result = await session.query<{ locked: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as locked', [ACCOUNT_LOCK_CLASS, account])
    return result.rows[0]?.locked === true
  }

  function lose(session: pg.Client, reason: unknown): void {
    if (client !== session) return
    client = undefined
    held = false
    session.removeAllListeners('error')
    session.on('error', () => undefined)
    void session.end().catch(() => undefined)
    if (stopped) return
    log.warn('lost the account lock with its database session; taking it again', { account, error: reason })
    const retry = setTimeout(() => void retake(), retryMs)
    retry.unref()
  }

  async function retake(): Promise<void> {
    if (stopped || client) return
    try {
      const session = await connect()
      if (stopped || !(await take(session))) {
        await session.end().catch(() => undefined)
        if (!stopped) log.error('another bot process took this account while our database session was down', { account })
        return
      }
      client = session
      held = true
      log.info('account lock taken again', { account })
    } catch (error) {
      log.warn('account lock session failed; retrying', { account, error })
      const retry = setTimeout(() => void retake(), retryMs)
      retry.unref()
    }
  }

  const session = await connect()
  let locked = false
  try {
    locked = await take(session)
  } finally {
    if (!locked) await session.end().catch(() => undefined)
  }
  if (!locked) {
    throw new AccountLockedError(
      `BOT_ACCOUNT: another bot process is already running account "${account}" (it holds the account's PostgreSQL lock); stop it first, or start this one with another BOT_ACCOUNT`,
    )
  }
  client = session
  held = true
  return {
    held: () => held,
    release: async () => {
      stopped = true
      held = false
      const last = client
      client = undefined
      if (last) {
        last.removeAllListeners('error')
        last.on('error', () => undefined)
        await last.end().catch(() => undefined)
      }
    },
  }
}
