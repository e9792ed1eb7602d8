import type { AddressInfo } from 'node:net'
import { createClickRecorder } from '../../src/clicks/click-recorder.service.js'
import type { ClickSink } from '../../src/clicks/click-sink.js'
import { createLogger } from '../../src/shared/log.js'
import { StartupError } from '../../src/shared/startup-error.js'
import { authorizationRoutes } from '../../web/landing/authorization-routes.js'
import { landingRoutes } from '../../web/landing/landing-routes.js'
import { taobaoBindingDeps } from '../../src/users/taobao-binding-deps.js'
import { taobaoBindingRoutes } from '../../web/taobao-binding.routes.js'
import { consoleRoutes } from '../../web/console/console-routes.js'
import { consoleActionRoutes } from '../../web/console/console-action-routes.js'
import { consoleDashboardRoutes } from '../../web/console/dashboard.routes.js'
import { consoleGroupRoutes } from '../../web/console/groups.routes.js'
import { consoleOrderRoutes } from '../../web/console/orders.routes.js'
import { consolePlatformRoutes } from '../../web/console/platforms.routes.js'
import { consoleUserRoutes } from '../../web/console/users.routes.js'
import { createWebServer } from '../../web/web-server.js'
import { manualPayout } from '../../src/withdrawals/manual-payout.js'
import { consoleQueues } from '../console-queues.js'
import type { Infra } from '../infra.js'

const log = createLogger('web')

export interface WebRole {
  /** Where the server listens (http://host:port). */
  readonly url: string
  /** Stops taking requests, lets those in flight finish, writes the buffered clicks. */
  close(): Promise<void>
}

/**
 * The web role: landing pages (`/s/CODE`) with their views and presses
 * recorded in batches, the Taobao binding pages (`/taobao/…`) and the
 * operator console (`/console/…`, docs/console.md), on
 * WEB_HOST:WEB_PORT. Without PUBLIC_BASE_URL the chat's links point at the
 * address really bound (so WEB_PORT=0 works in the terminal demo).
 */
export async function startWebRole(infra: Infra, options: { readonly clicks?: ClickSink } = {}): Promise<WebRole> {
  const { config } = infra
  const clicks = options.clicks ?? createClickRecorder({ db: infra.database.db })
  const binding = taobaoBindingDeps(config, {
    db: infra.database.db,
    taobao: infra.platforms.taobao,
    ...(infra.simulator ? { simulator: infra.simulator } : {}),
    // Taobao's OAuth comes back to PUBLIC_BASE_URL, or to the address bound below when it is unset.
    publicUrl: infra.publicUrl,
  })
  const board = await consoleQueues(infra)
  const pages = { db: infra.database.db, timeZone: config.timeZone }
  // The push cap each account has today (warm-up included), shown beside what it sent.
  const caps = { dailyCap: config.outbox.dailyCap, warmup: config.accounts.warmup }
  const app = await createWebServer({
    plugins: [
      landingRoutes({ db: infra.database.db, clicks }),
      authorizationRoutes({ db: infra.database.db }),
      taobaoBindingRoutes(binding),
      consoleRoutes(
        {
          db: infra.database.db,
          operators: config.operators,
          idleMs: config.console.idleMs,
          // The cookie never travels over plain HTTP when operators reach the console through HTTPS.
          secureCookie: config.web.publicBaseUrl.startsWith('https://'),
          timeZone: config.timeZone,
          queues: board.queues,
        },
        // The console's sections besides audit and queues; the dashboard replaces the home page.
        [
          consoleDashboardRoutes({ ...pages, caps }),
          consoleUserRoutes(pages),
          consoleOrderRoutes(pages),
          consoleGroupRoutes(pages),
          consolePlatformRoutes({ ...pages, caps }),
          ...consoleActionRoutes(config, { db: infra.database.db, payout: manualPayout(infra.database.db) }),
        ],
      ),
    ],
  })
  try {
    await app.listen({ host: config.web.host, port: config.web.port })
  } catch (error) {
    await app.close()
    await board.close()
    await clicks.close()
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new StartupError(
        `WEB_PORT: the web role cannot listen on ${config.web.host}:${config.web.port} (${code}); choose another WEB_PORT (0: any free port) or WEB_HOST`,
      )
    }
    throw error
  }
  const address = app.server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const url = `http://${host}:${address.port}`
  if (!config.web.publicBaseUrlSet) {
    infra.publicUrl.useBoundAddress(url)
  }
  log.info('web role listening', { url, landingPages: config.web.landingPages, publicBaseUrl: infra.publicUrl.baseUrl() })
  return {
    url,
    close: async () => {
      await app.close()
      await board.close()
      await clicks.close()
    },
  }
}
