import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import type { FastifyPluginAsync } from 'fastify'
import { CONSOLE_CSS } from '../assets/console-css.js'
import { consoleAuditRoutes, type ConsoleAuditDeps } from './audit.routes.js'
import { consoleGuard, isConsoleApi } from './console-guard.js'
import { CONSOLE_CSS_PATH, noStore, sendConsoleMessage } from './console-pages.js'
import { consoleLoginRoutes, consoleLogoutRoutes, type ConsoleLoginDeps } from './login.routes.js'
import { consoleQueueRoutes, type ConsoleQueues } from './queues.routes.js'

export interface ConsoleRoutesDeps extends ConsoleLoginDeps, ConsoleAuditDeps {
  readonly queues: ConsoleQueues
}

/**
 * The operator console, one encapsulated scope: cookies and form bodies are
 * parsed here only; the stylesheet and the login pages are open; everything
 * else — logout, audit, queues and every section plugin given — runs behind
 * the session guard (request.operator set, CSRF checked on every write).
 * Sections register full paths under /console/.
 */
export function consoleRoutes(deps: ConsoleRoutesDeps, sections: readonly FastifyPluginAsync[]): FastifyPluginAsync {
  return async (app) => {
    await app.register(cookie)
    await app.register(formbody)
    app.setErrorHandler(async (error, request, reply) => {
      const status = typeof (error as { statusCode?: unknown }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500
      if (status >= 500) request.log.error({ error }, 'console request failed')
      if (isConsoleApi(request.url)) return reply.code(status).send({ error: status >= 500 ? 'internal error' : (error as Error).message })
      const line = status >= 500 ? '后台出了点问题，没有完成这次操作，请稍后刷新重试。' : '请求的格式不对，没有做任何改动。'
      return sendConsoleMessage(reply, status >= 500 ? '出了点问题' : '请求有误', [line], status)
    })
    app.get(CONSOLE_CSS_PATH, async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(CONSOLE_CSS),
    )
    await app.register(consoleLoginRoutes(deps))
    await app.register(async (guarded) => {
      const guard = consoleGuard(deps)
      guarded.addHook('onRequest', guard.onRequest)
      guarded.addHook('preValidation', guard.preValidation)
      // An operator's view of money and people: no cache keeps it unless a route says otherwise (bull-board's files).
      guarded.addHook('onSend', async (_request, reply, payload) => {
        if (!reply.hasHeader('cache-control')) noStore(reply)
        return payload
      })
      await guarded.register(consoleLogoutRoutes(deps))
      await guarded.register(consoleAuditRoutes(deps))
      await guarded.register(consoleQueueRoutes(deps.queues))
      for (const section of sections) await guarded.register(section)
    })
  }
}
