import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Redis } from 'ioredis'
import type { Kysely } from 'kysely'
import type { Registry } from 'prom-client'
import type { Database } from '../src/db/database.js'
import { migrationStatus, pingDatabase } from '../src/db/migration-status.js'
import { createDatabaseGauges } from '../src/metrics/database-gauges.js'
import { enableDefaultMetrics, metricsRegistry } from '../src/metrics/metrics.js'
import { readGaugeSnapshot } from '../src/metrics/metrics.service.js'
import { untilReady } from '../src/queue/redis-connection.js'
import { createLogger } from '../src/shared/log.js'
import { StartupError } from '../src/shared/startup-error.js'
import { within } from '../src/shared/within.js'
import type { Infra } from './infra.js'

const log = createLogger('metrics')

/** A readiness check: resolves when the part is fine, rejects saying what is wrong. */
export interface ReadinessCheck {
  /** Named in /readyz's answer: database, redis, migrations, logged-in. */
  readonly name: string
  run(): Promise<void>
}

export interface MetricsServerOptions {
  readonly host: string
  /** 0: any free port (the `url` says which). */
  readonly port: number
  /** Served in order on /metrics (the process's, then e.g. the database gauges). */
  readonly registries: readonly Registry[]
  readonly checks: readonly ReadinessCheck[]
  /** Each check's limit: one that has not answered by then has failed. Default 2 s. */
  readonly checkTimeoutMs?: number
}

export interface MetricsServer {
  readonly url: string
  close(): Promise<void>
}

const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

/**
 * GET /metrics (Prometheus text), /healthz (200 while the event loop runs)
 * and /readyz (200 when every check passes within its timeout, else 503
 * naming the failed ones). node:http rather than Fastify: three fixed GET
 * routes need no router, schema or plugins, and the bot process — the one
 * kept small (docs/architecture.md) — then loads no web framework for them.
 * @throws StartupError when the port is taken (each process on one machine needs its own METRICS_PORT)
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const checkTimeoutMs = options.checkTimeoutMs ?? 2000
  const server = createServer((request, response) => {
    void route(request, response).catch((error: unknown) => {
      log.warn('metrics request failed', { path: request.url, error })
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'internal error\n')
      else response.destroy()
    })
  })
  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? '/').split('?')[0]
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { allow: 'GET, HEAD' })
      return
    }
    if (path === '/metrics') {
      const texts = await Promise.all(options.registries.map((registry) => registry.metrics()))
      send(response, 200, PROMETHEUS_CONTENT_TYPE, texts.join('\n'))
    } else if (path === '/healthz') {
      sendJson(response, 200, { status: 'ok' })
    } else if (path === '/readyz') {
      const results = await Promise.all(
        options.checks.map(async (check) => {
          try {
            await within(check.run(), checkTimeoutMs, `the ${check.name} check`)
            return [check.name, 'ok'] as const
          } catch (error) {
            return [check.name, error instanceof Error ? error.message : String(error)] as const
          }
        }),
      )
      const failed = results.filter(([, result]) => result !== 'ok').map(([name]) => name)
      sendJson(response, failed.length === 0 ? 200 : 503, {
        status: failed.length === 0 ? 'ready' : 'not ready',
        ...(failed.length > 0 ? { failed } : {}),
        checks: Object.fromEntries(results),
      })
    } else {
      send(response, 404, 'text/plain; charset=utf-8', 'not found: try /metrics, /healthz or /readyz\n')
    }
  }
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening)
      if (error.code === 'EADDRINUSE') {
        reject(
          new StartupError(
            `METRICS_PORT: ${options.host}:${options.port} is already in use. Each process on one machine needs its own METRICS_PORT ` +
              '(or 0 for any free port).',
          ),
        )
      } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EACCES') {
        reject(new StartupError(`METRICS_HOST/METRICS_PORT: cannot listen on ${options.host}:${options.port} (${error.code})`))
      } else reject(error)
    }
    const onListening = (): void => {
      server.off('error', onError)
      resolve()
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(options.port, options.host)
  })
  // A scrape's keep-alive connection must not hold up a stopping process.
  server.keepAliveTimeout = 5000
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const url = `http://${host}:${address.port}`
  log.info('metrics and health checks served', { url, paths: ['/metrics', '/healthz', '/readyz'] })
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeIdleConnections()
      }),
  }
}

function send(response: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', ...headers })
  response.end(body)
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`)
}

/** The database answers `select 1`. */
export function databaseCheck(db: Kysely<Database>): ReadinessCheck {
  return { name: 'database', run: () => pingDatabase(db) }
}

/** Every migration of this code has run and the database knows none this code does not (an outdated process). */
export function migrationsCheck(db: Kysely<Database>): ReadinessCheck {
  return {
    name: 'migrations',
    run: async () => {
      const { pending, unknown } = await migrationStatus(db)
      if (pending.length > 0) throw new Error(`not applied: ${pending.join(', ')}`)
      if (unknown.length > 0) throw new Error(`the database has migrations this version does not know (${unknown.join(', ')}): update this process`)
    },
  }
}

/** How long the Redis check waits for a client that is (re)connecting: a process just started is still opening it. */
const REDIS_CONNECT_WAIT_MS = 1000

/**
 * Redis answers PING. A client not connected within a second fails: its
 * commands would only wait in the client's queue until Redis is back.
 */
export function redisCheck(connection: Redis): ReadinessCheck {
  return {
    name: 'redis',
    run: async () => {
      if (!(await untilReady(connection, REDIS_CONNECT_WAIT_MS))) throw new Error(`not connected (${connection.status})`)
      const answer = await connection.ping()
      if (answer !== 'PONG') throw new Error(`PING answered ${answer}`)
    },
  }
}

/** The bot role: its WeChat account is logged in. */
export function loggedInCheck(loggedIn: () => boolean): ReadinessCheck {
  return {
    name: 'logged-in',
    run: () => (loggedIn() ? Promise.resolve() : Promise.reject(new Error('the WeChat account is not logged in'))),
  }
}

/** A scrape waits this long for the database gauges before answering with the last values. */
const GAUGE_READ_TIMEOUT_MS = 2000

export interface ProcessMetricsOptions {
  /** The bot role of this process: whether its account is logged in (`chat.monitor.state().state === 'logged-in'`). */
  readonly loggedIn?: (() => boolean) | undefined
}

/**
 * The metrics server of one process, whatever its roles (call once per
 * process, after `openInfra`): process metrics and the counters, the
 * database gauges, and readiness — database, migrations, Redis when the
 * process has it, and the bot's login when `loggedIn` is given — on
 * METRICS_HOST:METRICS_PORT.
 * @throws StartupError when METRICS_PORT is taken
 */
export async function startProcessMetrics(infra: Infra, options: ProcessMetricsOptions = {}): Promise<MetricsServer> {
  enableDefaultMetrics()
  const db = infra.database.db
  const checks = [databaseCheck(db), migrationsCheck(db)]
  if (infra.redis !== 'none') {
    const connection = infra.redis.connect()
    // An outage is /readyz's to report (and the queues' log line's); without a listener ioredis prints every reconnect failure.
    connection.on('error', () => undefined)
    checks.push(redisCheck(connection))
  }
  if (options.loggedIn) checks.push(loggedInCheck(options.loggedIn))
  return startMetricsServer({
    host: infra.config.metrics.host,
    port: infra.config.metrics.port,
    registries: [metricsRegistry, createDatabaseGauges({ read: () => readGaugeSnapshot(db), timeoutMs: GAUGE_READ_TIMEOUT_MS })],
    checks,
  })
}
