// For its declarations only (request.cookies, reply.setCookie): the plugin is registered in console-routes.tsx.
import type {} from '@fastify/cookie'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { csrfTokenMatches } from '../../src/console/csrf-token.js'
import { sessionFor, type ConsoleSessionDeps } from '../../src/console/console-session.service.js'
import { sendConsoleMessage, sendLoginNeeded } from './console-pages.js'

/** The session cookie: HttpOnly, SameSite=Strict, Path=/console, Secure behind HTTPS (see consoleCookieOptions). */
export const CONSOLE_COOKIE = 'rb_console'

/** Static files under this prefix need no session (they hold code, never data). */
export const CONSOLE_ASSETS_PREFIX = '/console/assets/'

/** Methods that change nothing: the only ones allowed without the CSRF token. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD'])

/** Console API paths (and bull-board's) answer in JSON, pages in HTML. */
export function isConsoleApi(url: string): boolean {
  return /^\/console\/(?:queues\/)?api\//.test(url)
}

export function consoleCookieOptions(secure: boolean) {
  return { path: '/console', httpOnly: true, sameSite: 'strict', secure } as const
}

/** The session token a request carries, if any. */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  return request.cookies[CONSOLE_COOKIE]
}

/**
 * The console's guard, as two hooks for the guarded scope. Routes under
 * /console/assets/ pass (static code). `onRequest`: no
 * session, an ended or idle one, or one whose operator left OPERATOR_IDS →
 * the login explanation (401; JSON for /console/api/*) before any route or
 * body parsing runs; else `request.operator` is set. `preValidation` (the
 * body is parsed by then): every method but GET and HEAD must carry the
 * session's CSRF token as the `x-csrf-token` header or the `_csrf` form
 * field, else 403 and the route never runs.
 */
export function consoleGuard(deps: ConsoleSessionDeps & { readonly secureCookie: boolean }) {
  return {
    onRequest: async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
      // A section's own static files (scripts, its chart library) are open like the stylesheet: judged by the route
      // matched, not the raw URL, so no spelling of another path gets through.
      if (request.routeOptions.url?.startsWith(CONSOLE_ASSETS_PREFIX)) return undefined
      const token = sessionTokenOf(request)
      const check = await sessionFor(deps, token)
      if (check.kind === 'active') {
        request.operator = check.operator
        return undefined
      }
      // A cookie that no longer opens anything is dropped, so the browser stops sending it.
      if (token !== undefined) reply.clearCookie(CONSOLE_COOKIE, consoleCookieOptions(deps.secureCookie))
      if (isConsoleApi(request.url)) return reply.code(401).header('cache-control', 'no-store').send({ error: 'login required', reason: check.kind })
      return sendLoginNeeded(reply, check.kind, 401)
    },
    preValidation: async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
      if (SAFE_METHODS.has(request.method)) return undefined
      const expected = request.operator?.csrfToken ?? ''
      const header = request.headers['x-csrf-token']
      const field = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>)._csrf : undefined
      if (csrfTokenMatches(expected, header ?? field)) return undefined
      request.log.warn({ method: request.method, url: request.url.split('?')[0] }, 'console request without a valid CSRF token refused')
      if (isConsoleApi(request.url)) return reply.code(403).header('cache-control', 'no-store').send({ error: 'invalid csrf token' })
      return sendConsoleMessage(reply, '请求已拒绝', ['这个请求缺少有效的安全校验（CSRF），没有做任何改动。', '请回到后台页面刷新后重新操作。'], 403)
    },
  }
}
