import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { FastifyAdapter } from '@bull-board/fastify'
import type { Queue } from 'bullmq'
import type { FastifyPluginAsync } from 'fastify'
import { sendPage } from '../render-page.js'
import { operatorOf } from './console-operator.js'
import { noStore } from './console-pages.js'
import { ConsoleShell } from './console-shell.js'

/** The queues this process can reach, or none when it runs without Redis. */
export type ConsoleQueues = { readonly queues: readonly Queue[] } | 'no-redis'

export const CONSOLE_QUEUES_PATH = '/console/queues'

/**
 * The CSP of bull-board's pages only. Its UI is a prebuilt React app: its
 * page and components set inline styles (style attributes, a <style>
 * element) and it finds its scripts through a <base href>, which the site's
 * policy (style-src 'self', base-uri 'none') blocks. Scripts stay
 * same-origin only ('unsafe-inline' for styles, never for scripts). Its
 * Google Fonts stylesheet is not allowed either (see GOOGLE_FONTS_LINK).
 */
const QUEUES_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * The board's page links a Google Fonts stylesheet. Allowing it would send
 * every operator's page load to Google (and from China it often hangs);
 * leaving it to the CSP makes Chromium log a violation as a console error on
 * every board page, burying real ones. So the link is taken out of the
 * page before it is sent: the UI falls back to system fonts. (bull-board is
 * pinned; test/browser/console.test.ts sees the violation again if an
 * upgrade changes the link.)
 */
const GOOGLE_FONTS_LINK = /<link\b[^>]*\bhref="https:\/\/fonts\.googleapis\.com\/[^"]*"[^>]*>/g

/**
 * /console/queues: bull-board over the process's queues, read-only (its
 * retry, clean and promote buttons would be operator actions without an
 * audit row, and its API calls carry no CSRF token). Without Redis, a page
 * that says so.
 */
export function consoleQueueRoutes(queues: ConsoleQueues): FastifyPluginAsync {
  return async (app) => {
    if (queues === 'no-redis') {
      app.get(CONSOLE_QUEUES_PATH, async (request, reply) =>
        sendPage(
          noStore(reply),
          <ConsoleShell title="队列" operator={operatorOf(request)} section={CONSOLE_QUEUES_PATH}>
            <div class="flash bad">这个进程没有连上 Redis，看不到队列。</div>
            <div class="card">
              <p>订单同步、返利入账、群推送和消息发送都排在 Redis 的队列里；没有 Redis 时只有聊天在运行。</p>
              <p class="muted">请安装 Redis（例如 apt-get install redis-server）或设置 REDIS_URL 后重启。</p>
            </div>
          </ConsoleShell>,
        ),
      )
      return
    }
    const serverAdapter = new FastifyAdapter()
    serverAdapter.setBasePath(CONSOLE_QUEUES_PATH)
    createBullBoard({
      queues: queues.queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
      serverAdapter,
      options: {
        uiConfig: {
          boardTitle: '返利机器人队列',
          hideDocsLink: true,
          locale: { lng: 'zh-CN' },
          miscLinks: [{ text: '返回后台', url: '/console' }],
        },
      },
    })
    app.addHook('onRequest', async (_request, reply) => {
      reply.header('content-security-policy', QUEUES_CSP)
    })
    app.addHook('onSend', async (_request, reply, payload) => {
      const type = reply.getHeader('content-type')
      if (typeof payload !== 'string' || typeof type !== 'string' || !type.startsWith('text/html')) return payload
      return payload.replace(GOOGLE_FONTS_LINK, '')
    })
    await app.register(serverAdapter.registerPlugin(), { prefix: CONSOLE_QUEUES_PATH })
  }
}
