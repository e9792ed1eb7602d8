import type { FastifyPluginAsync } from 'fastify'
import { PLATFORM_NAMES } from '../../src/conversions/promotion.text.js'
import { authorizationPage, type AuthorizationPage, type AuthorizationPageDeps } from '../../src/landing/authorization-page.service.js'
import { MissLimiter } from '../../src/landing/miss-limiter.js'
import { notFound, tooManyMisses } from './miss-pages.js'
import { sendPage } from '../render-page.js'
import { PageShell } from '../views/page-shell.js'

/**
 * The page in front of a platform's one-time authorization (PDD 授权备案):
 * what it is for and why it is safe, then one button to the URL stored for
 * the code (never one from the request: no open redirect).
 */
export function AuthorizationPageView(props: { readonly page: AuthorizationPage }) {
  const name = PLATFORM_NAMES[props.page.platform]
  return (
    <PageShell title={`${name}授权`}>
      <div class="card">
        <h1>{`${name}授权（只需一次）`}</h1>
        <p>{`${name}要求每位用户先授权一次，之后你发来的${name}链接才能领券、下单才能记到你名下拿返利。`}</p>
        <p class="muted">授权在{name}自己的页面完成，不会让你输入密码或付款。授权后回到聊天里再发一次链接。</p>
      </div>
      {props.page.url ? (
        <a class="btn" href={props.page.url} rel="noreferrer">
          {`去${name}授权`}
        </a>
      ) : (
        <p class="notice">授权链接暂时不可用，请回到聊天里再发一次商品链接获取新的授权链接。</p>
      )}
    </PageShell>
  )
}

/** GET /a/:code — an authorization page; unknown codes answer 404 and count against the visitor's misses. */
export function authorizationRoutes(deps: AuthorizationPageDeps & { readonly missesPerMinute?: number }): FastifyPluginAsync {
  const misses = new MissLimiter({ limit: deps.missesPerMinute ?? 30, windowMs: 60_000 })
  return async (app) => {
    app.get<{ Params: { code: string } }>('/a/:code', async (request, reply) => {
      const at = Date.now()
      if (misses.blocked(request.ip, at)) return tooManyMisses(reply, '打开了太多不存在的链接，请一分钟后再试。')
      const page = await authorizationPage(deps, request.params.code)
      if (!page) {
        misses.miss(request.ip, at)
        return notFound(reply)
      }
      reply.header('cache-control', 'private, no-cache')
      return sendPage(reply, <AuthorizationPageView page={page} />)
    })
  }
}
