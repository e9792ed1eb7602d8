import type { SimPage } from '../sim-platform.js'
import type { SimState } from '../sim-state.js'
import { authorizationLinkAt, completeAuthorization } from './pdd-authorization-links.js'

/** The page an authorization link opens: binding happens on the GET, as agreeing on PDD's page would. */
export function pddAuthorizePage(url: URL, state: SimState): SimPage | undefined {
  if (!url.pathname.startsWith('/pdd/authorize')) return undefined
  const link = authorizationLinkAt(state, url)
  if (!link) return { status: 404, html: page('授权链接无效或已过期') }
  completeAuthorization(state, link)
  return { status: 200, html: page(link.uid === undefined ? `推广位 ${link.pid} 授权备案成功` : '授权成功，回到聊天再发一次链接即可领券返利') }
}

function page(message: string): string {
  return `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>多多进宝授权（模拟器）</title></head><body><p>${message}</p></body></html>`
}
