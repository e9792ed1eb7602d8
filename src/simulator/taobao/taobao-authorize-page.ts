import type { SimPage } from '../sim-platform.js'
import type { SimState } from '../sim-state.js'
import { issueAuthCode, simTaobaoUser } from './taobao-oauth-book.js'

export const TAOBAO_AUTHORIZE_PATH = '/oauth/authorize'
const AGREE_PATH = `${TAOBAO_AUTHORIZE_PATH}/agree`
const DENY_PATH = `${TAOBAO_AUTHORIZE_PATH}/deny`
const VIEWS = new Set(['web', 'tmall', 'wap'])

interface AuthorizeRequest {
  readonly clientId: string
  readonly redirectUri: string
  readonly state: string | undefined
  readonly view: string
}

/**
 * Taobao's OAuth authorize page (server-side flow, open.taobao.com doc 102635;
 * copies: open.alitrip.com articleId=118, open.fliggy.com articleId=102687):
 * `client_id` (the app key), `response_type=code` and `redirect_uri` are
 * required, `state` is echoed back, `view` picks web / tmall / wap. Agreeing
 * sends the browser to `redirect_uri?code=…&state=…`; cancelling to
 * `redirect_uri?error=access_denied&error_description=authorize%20reject&state=…`.
 * A wrong client or redirect gets Taobao's error page (FAQ articleId=120:
 * "application callback can not match the redirect_uri", invalid_client).
 * Logging in is not simulated: the shopper types a Taobao nick (the same
 * nick is the same account).
 */
export function taobaoAuthorizePage(url: URL, state: SimState): SimPage | undefined {
  if (url.pathname !== TAOBAO_AUTHORIZE_PATH && url.pathname !== AGREE_PATH && url.pathname !== DENY_PATH) return undefined
  const request = readRequest(url, state)
  if (typeof request === 'string') return { status: 400, html: errorPage(request) }
  if (url.pathname === DENY_PATH) {
    return redirect(request.redirectUri, { error: 'access_denied', error_description: 'authorize reject', state: request.state })
  }
  if (url.pathname === AGREE_PATH) {
    const nick = (url.searchParams.get('nick') ?? '').trim()
    if (nick === '' || nick.length > 32) return { status: 400, html: consentPage(request, '请输入淘宝账号（1–32个字符）') }
    const code = issueAuthCode(state, { user: simTaobaoUser(nick), clientId: request.clientId, redirectUri: request.redirectUri })
    return redirect(request.redirectUri, { code, state: request.state })
  }
  return { status: 200, html: consentPage(request) }
}

function readRequest(url: URL, state: SimState): AuthorizeRequest | string {
  const params = url.searchParams
  const clientId = params.get('client_id') ?? ''
  if (clientId === '') return 'invalid_client: client_id is required'
  if (clientId !== state.credentials.taobao.appKey) return 'invalid_client: the client_id is not a registered app key'
  if (url.pathname === TAOBAO_AUTHORIZE_PATH && params.get('response_type') !== 'code') {
    return 'unsupported_response_type: response_type must be code'
  }
  const redirectUri = params.get('redirect_uri') ?? ''
  if (!isHttpUrl(redirectUri)) return 'invalid_client: application callback can not match the redirect_uri'
  const view = params.get('view') ?? 'web'
  if (!VIEWS.has(view)) return 'invalid_request: view must be web, tmall or wap'
  return { clientId, redirectUri, state: params.get('state') ?? undefined, view }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

function redirect(target: string, params: Readonly<Record<string, string | undefined>>): SimPage {
  const url = new URL(target)
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value)
  return { status: 302, html: '', location: url.toString() }
}

function consentPage(request: AuthorizeRequest, problem?: string): string {
  const hidden = [
    ['client_id', request.clientId],
    ['redirect_uri', request.redirectUri],
    ['state', request.state],
    ['view', request.view],
  ]
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('')
  const deny = new URL(`http://simulator.local${DENY_PATH}`)
  for (const [name, value] of Object.entries({ client_id: request.clientId, redirect_uri: request.redirectUri, state: request.state, view: request.view })) {
    if (value !== undefined) deny.searchParams.set(name, value)
  }
  return shell(
    '模拟淘宝授权',
    `<h1>模拟淘宝授权</h1><p>应用 ${escapeHtml(request.clientId)} 申请获得你的淘宝账号授权（淘宝客渠道备案）。</p>` +
      (problem ? `<p class="error">${escapeHtml(problem)}</p>` : '') +
      `<form method="get" action="${AGREE_PATH}">${hidden}<label>淘宝账号 <input name="nick" value="tb_buyer" maxlength="32"></label> ` +
      `<button type="submit">同意授权</button></form><p><a href="${escapeHtml(deny.pathname + deny.search)}">取消</a></p>`,
  )
}

function errorPage(message: string): string {
  return shell('授权出错', `<h1>授权出错</h1><p>${escapeHtml(message)}</p>`)
}

function shell(title: string, body: string): string {
  return `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>${title}（模拟器）</title></head><body>${body}</body></html>`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
