import type { FastifyPluginAsync } from 'fastify'
import { sendPage } from '../render-page.js'
import { operatorOf } from './console-operator.js'
import { noStore } from './console-pages.js'
import { CONSOLE_SECTIONS, ConsoleShell } from './console-shell.js'

/**
 * GET /console — a small home page until the dashboard takes this path
 * (drop this plugin from the section list then): who is logged in and where
 * each section is.
 */
export function consoleHomeRoutes(): FastifyPluginAsync {
  return async (app) => {
    app.get('/console', async (request, reply) => {
      const operator = operatorOf(request)
      return sendPage(
        noStore(reply),
        <ConsoleShell title="后台首页" operator={operator} section="/console">
          <div class="card">
            <p>{`${operator.displayName}，你好。`}</p>
            <p class="muted">超过一段时间不操作会自动退出；用完请点右上角「退出」。</p>
          </div>
          <div class="kpis">
            {CONSOLE_SECTIONS.filter(([path]) => path !== '/console').map(([path, label]) => (
              <a class="kpi" href={path}>
                <span class="figure">{label}</span>
                <span class="label">{path}</span>
              </a>
            ))}
          </div>
        </ConsoleShell>,
      )
    })
  }
}
