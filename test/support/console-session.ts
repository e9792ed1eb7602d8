import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import type { Kysely } from 'kysely'
import { expect } from 'vitest'
import { hashToken } from '../../src/console/console-session.service.js'
import type { Database } from '../../src/db/database.js'
import { createSignedState } from '../../src/security/signed-state.service.js'
import { ensureUser } from '../../src/users/user.service.js'
import { consoleRoutes, type ConsoleRoutesDeps } from '../../web/console/console-routes.js'
import { CONSOLE_COOKIE } from '../../web/console/console-guard.js'
import { createWebServer } from '../../web/web-server.js'

/** An inject body as a browser's form sends it. */
export function form(fields: Readonly<Record<string, string>>): { headers: Record<string, string>; payload: string } {
  return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() }
}

export interface ConsoleLogin {
  /** The request header value: `cookie: login.cookie`. */
  readonly cookie: string
  /** The session's CSRF token: the `_csrf` form field or the `x-csrf-token` header of every write. */
  readonly csrfToken: string
  readonly userId: string
  readonly contactId: string
}

/**
 * The web server with the console as the web role wires it (guard, login,
 * logout, audit, queues) plus the given section plugins. Operators default
 * to the one contact id `console-operator`; no Redis unless `queues` says so.
 */
export async function consoleTestApp(
  db: Kysely<Database>,
  options: { readonly sections?: readonly FastifyPluginAsync[] } & Partial<Omit<ConsoleRoutesDeps, 'db'>> = {},
): Promise<FastifyInstance> {
  const { sections = [], ...deps } = options
  return createWebServer({
    plugins: [
      consoleRoutes(
        { db, operators: ['console-operator'], idleMs: 30 * 60_000, secureCookie: false, timeZone: 'Asia/Shanghai', queues: 'no-redis', ...deps },
        sections,
      ),
    ],
  })
}

/**
 * Logs an operator in the way the chat's link does (a one-time console-login
 * state, then the 「进入后台」 POST) against a built app. The contact id must
 * be one of the app's operators.
 */
export async function logInOperator(
  app: FastifyInstance,
  db: Kysely<Database>,
  who: { readonly contactId: string; readonly displayName?: string } = { contactId: 'console-operator' },
): Promise<ConsoleLogin> {
  const user = await ensureUser(db, { contactId: who.contactId, displayName: who.displayName ?? '管理员' })
  const state = await createSignedState(db, user.id, 'console-login', 600_000)
  const response = await app.inject({ method: 'POST', url: '/console/login', ...form({ token: state }) })
  expect(response.statusCode, response.body).toBe(303)
  const token = response.cookies.find((cookie) => cookie.name === CONSOLE_COOKIE)?.value
  expect(token).toBeDefined()
  const session = await db
    .selectFrom('console_sessions')
    .select('csrf_token')
    .where('token_hash', '=', hashToken(token as string))
    .executeTakeFirstOrThrow()
  return { cookie: `${CONSOLE_COOKIE}=${token as string}`, csrfToken: session.csrf_token, userId: user.id, contactId: who.contactId }
}
