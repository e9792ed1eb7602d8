import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { ClickSink } from '../../src/clicks/click-sink.js'
import { landingExists, landingPage, type LandingPageDeps } from '../../src/landing/landing-page.service.js'
import { MissLimiter } from '../../src/landing/miss-limiter.js'
import { isWeChatBrowser } from '../../src/landing/wechat-browser.js'
import { TtlCache } from '../../src/shared/ttl-cache.js'
import { renderPage, sendHtml, sendPage } from '../render-page.js'
import { MessagePage } from '../views/page-shell.js'
import { LANDING_SCRIPT_PATH, LandingPageView } from './landing-page.js'
import { LANDING_SCRIPT } from './landing-script.js'
import { notFound, tooManyMisses } from './miss-pages.js'

export interface LandingRoutesDeps extends LandingPageDeps {
  readonly clicks: ClickSink
  readonly now?: () => Date
  /** Misses (unknown or malformed codes) a visitor may make per minute before getting 429. Default 30. */
  readonly missesPerMinute?: number
  /** How long a rendered page is served again without asking the database. Default 30 s; 0 turns it off. */
  readonly pageCacheMs?: number
}

const PressQuery = z.object({ action: z.enum(['copy', 'open']) })

/**
 * GET /s/:code — the landing page of a short link (each view recorded);
 * POST /s/:code/press?action=copy|open — the page's button presses (sendBeacon);
 * GET /assets/landing.js — the page's script.
 */
export function landingRoutes(deps: LandingRoutesDeps): FastifyPluginAsync {
  const now = deps.now ?? (() => new Date())
  const misses = new MissLimiter({ limit: deps.missesPerMinute ?? 30, windowMs: 60_000 })
  // A push sends a group's members to one link within minutes: its page is rendered once, then served from memory
  // for a while (a quote 30 s old is as good as a fresh one; every view is still recorded).
  const pageCacheMs = deps.pageCacheMs ?? 30_000
  // Kept as UTF-8 bytes: sent as they are (no encoding per view), and outside V8's heap, so the young-generation
  // collector does not copy every newly cached page (its pauses were the burst's p99: bench `landing`, --trace-gc).
  const pages = new TtlCache<Buffer>({ ttlMs: Math.max(1, pageCacheMs), maxEntries: 20_000 })
  const tooMany = (reply: FastifyReply): FastifyReply => tooManyMisses(reply, '打开了太多不存在的链接，请一分钟后再试，或回到聊天里点开你收到的链接。')
  const click = (request: FastifyRequest, code: string, action: 'view' | 'copy' | 'open'): void =>
    deps.clicks.record({ code, at: now(), action, userAgent: request.headers['user-agent'] ?? '', ip: request.ip })
  return async (app) => {
    app.get(LANDING_SCRIPT_PATH, async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=3600').type('text/javascript; charset=utf-8').send(LANDING_SCRIPT),
    )
    app.get<{ Params: { code: string } }>('/s/:code', async (request, reply) => {
      const at = now()
      if (misses.blocked(request.ip, at.getTime())) return tooMany(reply)
      const inWeChat = isWeChatBrowser(request.headers['user-agent'] ?? '')
      const key = `${request.params.code}\u0000${inWeChat ? 'w' : 'b'}`
      let html = pageCacheMs > 0 ? pages.get(key, at.getTime()) : undefined
      if (html === undefined) {
        const page = await landingPage(deps, request.params.code, at)
        if (!page) {
          misses.miss(request.ip, at.getTime())
          return notFound(reply)
        }
        html = Buffer.from(renderPage(<LandingPageView page={page} inWeChat={inWeChat} />), 'utf8')
        if (pageCacheMs > 0) pages.set(key, html, at.getTime())
      }
      click(request, request.params.code, 'view')
      // The page shows today's quote of a link: no shared cache may keep it, nor one visitor's rebate.
      reply.header('cache-control', 'private, no-cache')
      return sendHtml(reply, html)
    })
    app.post<{ Params: { code: string } }>('/s/:code/press', async (request, reply) => {
      const query = PressQuery.safeParse(request.query)
      if (!query.success) {
        return sendPage(
          reply,
          <MessagePage title="请求有误">
            <p>这个按钮不认识，请刷新页面再试。</p>
          </MessagePage>,
          400,
        )
      }
      const at = now().getTime()
      if (misses.blocked(request.ip, at)) return tooMany(reply)
      if (!(await landingExists(deps, request.params.code))) {
        misses.miss(request.ip, at)
        return notFound(reply)
      }
      click(request, request.params.code, query.data.action)
      return reply.code(204).send()
    })
  }
}
