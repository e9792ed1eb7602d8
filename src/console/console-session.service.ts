import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { recordAudit } from '../audit/audit.repository.js'
import type { Database } from '../db/database.js'
import type { LandingLinks } from '../landing/landing-links.js'
import { consumeState, createSignedState, peekState, type StateRefusal } from '../security/signed-state.service.js'
import { createLogger } from '../shared/log.js'
import { findUserById } from '../users/user.repository.js'
import { ensureUser, type ChatIdentity } from '../users/user.service.js'
import { endConsoleSession, findConsoleSession, insertConsoleSession, touchConsoleSession } from './console-session.repository.js'

const log = createLogger('console')

const PURPOSE = 'console-login'
export const CONSOLE_LOGIN_PATH = '/console/login'
/** A login link works for ten minutes: long enough to open it, short enough that a forwarded or leaked one soon dies. */
export const CONSOLE_LOGIN_TTL_MS = 10 * 60_000

// 32 random bytes → 43 base64url characters.
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/

/** Who a console session runs as (web/console's ConsoleOperator has this shape). */
export interface SessionOperator {
  readonly userId: string
  readonly contactId: string
  readonly displayName: string
  readonly csrfToken: string
}

/** The browser a login or logout came from, for the audit row. */
export interface ConsoleClient {
  readonly userAgent: string | undefined
  readonly ip: string
}

export interface ConsoleLoginLinkDeps {
  readonly db: Kysely<Database>
  /** Where operators reach the web role (read per link: the web role may learn its address after start). */
  readonly publicUrl: LandingLinks
  readonly loginTtlMs?: number
}

export interface ConsoleSessionDeps {
  readonly db: Kysely<Database>
  /** OPERATOR_IDS: checked when a link is used and on every request, so a removed operator is out at once. */
  readonly operators: readonly string[]
  /** A session unused for this long is over. */
  readonly idleMs: number
}

/** 后台 from an operator's chat: a one-time link to the console's login page, bound to that operator. */
export async function consoleLoginLink(deps: ConsoleLoginLinkDeps, who: ChatIdentity): Promise<{ readonly url: string; readonly validMinutes: number }> {
  const user = await ensureUser(deps.db, who)
  const ttlMs = deps.loginTtlMs ?? CONSOLE_LOGIN_TTL_MS
  const state = await createSignedState(deps.db, user.id, PURPOSE, ttlMs)
  return { url: `${deps.publicUrl.baseUrl()}${CONSOLE_LOGIN_PATH}?token=${encodeURIComponent(state)}`, validMinutes: Math.round(ttlMs / 60_000) }
}

export type LoginRefusal = StateRefusal | 'not-operator'

export type LoginPageOutcome = { readonly kind: 'ready' } | { readonly kind: 'refused'; readonly reason: LoginRefusal }

/**
 * What the login page shows for a link: its button, or why not. Nothing is
 * used up: chat apps fetch links for previews, so only the button's POST
 * logs in.
 */
export async function loginPage(deps: ConsoleSessionDeps, token: string | undefined): Promise<LoginPageOutcome> {
  if (token === undefined || token === '') return { kind: 'refused', reason: 'forged' }
  const check = await peekState(deps.db, token, PURPOSE)
  if (!check.ok) return { kind: 'refused', reason: check.reason }
  const user = await findUserById(deps.db, check.userId)
  if (!user) return { kind: 'refused', reason: 'unknown' }
  if (!deps.operators.includes(user.contact_id)) return { kind: 'refused', reason: 'not-operator' }
  return { kind: 'ready' }
}

export type LogInOutcome =
  /** `token` goes into the cookie; only its SHA-256 is stored. */
  | { readonly kind: 'logged-in'; readonly token: string; readonly operator: SessionOperator }
  | { readonly kind: 'refused'; readonly reason: LoginRefusal }

/**
 * The login button: uses the link up (once: a second press or a replay is
 * refused as used), checks that its user is an operator now, and opens a
 * session with its audit row in one transaction.
 */
export async function logIn(deps: ConsoleSessionDeps, token: string | undefined, client: ConsoleClient): Promise<LogInOutcome> {
  if (token === undefined || token === '') return { kind: 'refused', reason: 'forged' }
  const check = await consumeState(deps.db, token, PURPOSE)
  if (!check.ok) return { kind: 'refused', reason: check.reason }
  const user = await findUserById(deps.db, check.userId)
  if (!user) return { kind: 'refused', reason: 'unknown' }
  if (!deps.operators.includes(user.contact_id)) {
    log.warn('console login link used by someone who is not an operator; refused', { userId: user.id })
    return { kind: 'refused', reason: 'not-operator' }
  }
  const sessionToken = randomBytes(32).toString('base64url')
  const tokenHash = hashToken(sessionToken)
  const csrfToken = randomBytes(32).toString('base64url')
  const userAgent = client.userAgent?.slice(0, 300) ?? null
  await deps.db.transaction().execute(async (trx) => {
    await insertConsoleSession(trx, { tokenHash, userId: user.id, contactId: user.contact_id, csrfToken, userAgent })
    await recordAudit(trx, {
      actor: { userId: user.id, contactId: user.contact_id },
      action: 'login',
      target: sessionTarget(tokenHash),
      after: { userAgent, ip: client.ip },
    })
  })
  log.info('operator logged in to the console', { userId: user.id })
  return { kind: 'logged-in', token: sessionToken, operator: { userId: user.id, contactId: user.contact_id, displayName: user.display_name, csrfToken } }
}

export type SessionCheck =
  | { readonly kind: 'active'; readonly operator: SessionOperator }
  /** none: no cookie, a malformed one or an unknown token; ended: logged out; idle: unused too long; not-operator: no longer in OPERATOR_IDS. */
  | { readonly kind: 'none' | 'ended' | 'idle' | 'not-operator' }

/**
 * The session behind a cookie's token, on every console request. An idle
 * session, or one whose operator left OPERATOR_IDS, is ended here, so it can
 * never come back. Use is written at most once a minute.
 */
export async function sessionFor(deps: ConsoleSessionDeps, token: string | undefined): Promise<SessionCheck> {
  if (token === undefined || !TOKEN_FORMAT.test(token)) return { kind: 'none' }
  const tokenHash = hashToken(token)
  const session = await findConsoleSession(deps.db, tokenHash, deps.idleMs)
  if (!session) return { kind: 'none' }
  if (session.ended) return { kind: 'ended' }
  if (session.idleExpired) {
    await endConsoleSession(deps.db, tokenHash)
    return { kind: 'idle' }
  }
  if (!deps.operators.includes(session.contactId)) {
    if (await endConsoleSession(deps.db, tokenHash)) log.warn('console session ended: its user is no longer in OPERATOR_IDS', { userId: session.userId })
    return { kind: 'not-operator' }
  }
  if (session.stale) await touchConsoleSession(deps.db, tokenHash)
  return {
    kind: 'active',
    operator: { userId: session.userId, contactId: session.contactId, displayName: session.displayName, csrfToken: session.csrfToken },
  }
}

/** 退出: ends the session and records it, together; a second logout of the same session records nothing. */
export async function logOut(deps: ConsoleSessionDeps, token: string, operator: SessionOperator, client: ConsoleClient): Promise<void> {
  const tokenHash = hashToken(token)
  await deps.db.transaction().execute(async (trx) => {
    if (!(await endConsoleSession(trx, tokenHash))) return
    await recordAudit(trx, {
      actor: { userId: operator.userId, contactId: operator.contactId },
      action: 'logout',
      target: sessionTarget(tokenHash),
      after: { userAgent: client.userAgent?.slice(0, 300) ?? null, ip: client.ip },
    })
  })
}

/** What the database keeps of a session token: its SHA-256, so a copy of the table gives nobody a session. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** A session's name in the audit log: a prefix of its hash, enough to tell sessions apart, useless as a key. */
function sessionTarget(tokenHash: string): { readonly kind: string; readonly id: string } {
  return { kind: 'console-session', id: tokenHash.slice(0, 16) }
}
