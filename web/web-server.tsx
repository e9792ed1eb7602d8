import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync, LogController } from 'fastify'
import { pinoLogger, withErrorsSerialized } from '../src/shared/log.js'
import { SITE_CSS } from './assets/site-css.js'
import { securityHeaders } from './security-headers.js'
import { sendPage } from './render-page.js'
import { MessagePage } from './views/page-shell.js'

export interface WebServerOptions {
  /** Route plugins (landing pages, clicks, OAuth callbacks…), registered in order. */
  readonly plugins: readonly FastifyPluginAsync[]
  /** Fastify's trustProxy: which proxies' X-Forwarded-For to believe (the visitor's IP feeds the visitor hash). */
  readonly trustProxy?: boolean | string
}

/**
 * The web role's server: security headers with a strict CSP (same-origin
 * scripts and styles only, no inline code, no framing), a request id on every
 * log line, and friendly pages instead of stack traces for unknown paths and
 * failures. Routes come as plugins.
 */
export async function createWebServer(options: WebServerOptions): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: pinoLogger('web') as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    // Each line of a request carries its id; per-request access lines would flood the log under a push's burst.
    logController: new LogController({ requestIdLogLabel: 'reqId', disableRequestLogging: true }),
    // A request's logger is made when something logs through it: building a pino child per request (bindings,
    // redaction) showed in the web role's CPU profile under a push's burst, where almost no request logs anything.
    childLoggerFactory: (logger, bindings, childOptions) => lazyLogger(() => logger.child(bindings, childOptions)),
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 16 * 1024,
  })
  const security = securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'https:', 'data:'],
        connectSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Pages send people on to Taobao, JD and Pinduoduo: no Referer carries our codes there.
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  })
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(security)
    done()
  })
  app.get('/assets/site.css', async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').type('text/css; charset=utf-8').send(SITE_CSS),
  )
  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/api/')) return reply.code(404).send({ error: 'not found' })
    return sendPage(
      reply,
      <MessagePage title="页面不存在">
        <p>这个链接不存在或已失效，请回到聊天里重新获取。</p>
      </MessagePage>,
      404,
    )
  })
  app.setErrorHandler(async (error, request, reply) => {
    const status = typeof (error as { statusCode?: unknown }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500
    if (status >= 500) request.log.error(withErrorsSerialized({ error }), 'request failed')
    if (request.url.startsWith('/api/')) return reply.code(status).send({ error: status >= 500 ? 'internal error' : (error as Error).message })
    const title = status === 429 ? '访问太频繁' : status >= 500 ? '出了点小问题' : '请求有误'
    const line = status === 429 ? '请稍后再试。' : status >= 500 ? '请稍后刷新重试。' : '请回到聊天里重新获取链接。'
    return sendPage(
      reply,
      <MessagePage title={title}>
        <p>{line}</p>
      </MessagePage>,
      status,
    )
  })
  for (const plugin of options.plugins) await app.register(plugin)
  return app
}

/** A logger that becomes `make()`'s on first use. */
function lazyLogger(make: () => FastifyBaseLogger): FastifyBaseLogger {
  let logger: FastifyBaseLogger | undefined
  return new Proxy({} as FastifyBaseLogger, {
    get(_target, property) {
      logger ??= make()
      const value: unknown = Reflect.get(logger, property, logger)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(logger) : value
    },
    set(_target, property, value) {
      logger ??= make()
      return Reflect.set(logger, property, value, logger)
    },
  })
}
