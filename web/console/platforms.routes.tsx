import type { FastifyPluginAsync } from 'fastify'
import type { ConsoleReadDeps } from '../../src/console/console-read-deps.js'
import { accountStatus, platformSyncStatus, type PushCapOptions } from '../../src/console/platform-status.service.js'
import { sendPage } from '../render-page.js'
import { operatorOf } from './console-operator.js'
import { ConsoleShell } from './console-shell.js'
import { AccountsTable, SyncTable } from './platform-tables.js'

export interface PlatformRoutesDeps extends ConsoleReadDeps {
  /** How accounts' daily push caps are worked out (OUTBOX_DAILY_PUSH_CAP and the warm-up); default: no cap shown. */
  readonly caps?: PushCapOptions
  readonly now?: () => Date
}

/** GET /console/platforms — each platform's order sync (resume when stopped) and each WeChat account (pause/resume). */
export function consolePlatformRoutes(deps: PlatformRoutesDeps): FastifyPluginAsync {
  const now = deps.now ?? (() => new Date())
  return async (app) => {
    app.get('/console/platforms', async (request, reply) => {
      const at = now()
      const operator = operatorOf(request)
      const sync = await platformSyncStatus(deps.db, at)
      const accounts = await accountStatus(deps.db, at, deps.caps ?? { dailyCap: undefined })
      return sendPage(
        reply,
        <ConsoleShell title="平台与账号" operator={operator} section="/console/platforms">
          <section class="card">
            <h2>订单同步</h2>
            <SyncTable sync={sync} timeZone={deps.timeZone} operator={operator} />
            <p class="muted">同步因授权或权限错误停止后，修好密钥或权限再点“恢复同步”；重启不会自动恢复。</p>
          </section>
          <section class="card" id="accounts">
            <h2>微信账号</h2>
            <AccountsTable accounts={accounts} timeZone={deps.timeZone} now={at} operator={operator} />
            <p class="muted">暂停只停推送，回复和通知照常发送。受限的账号要人工确认后恢复。</p>
          </section>
        </ConsoleShell>,
      )
    })
  }
}
