import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  CONSOLE_LOGIN_PATH,
  logIn,
  loginPage,
  logOut,
  sessionFor,
  type ConsoleClient,
  type ConsoleSessionDeps,
  type LoginRefusal,
} from '../../src/console/console-session.service.js'
import { sendPage } from '../render-page.js'
import { CONSOLE_COOKIE, consoleCookieOptions, sessionTokenOf } from './console-guard.js'
import { operatorOf } from './console-operator.js'
import { ConsolePlainPage, noStore, sendConsoleMessage, sendLoginNeeded } from './console-pages.js'

export interface ConsoleLoginDeps extends ConsoleSessionDeps {
  /** PUBLIC_BASE_URL is https: the cookie is Secure. */
  readonly secureCookie: boolean
}

const AGAIN = '请在微信里私聊机器人重新发送「后台」获取新链接。'

/** Titles and lines of the pages that say no: none of them changed anything or opened a session. */
const REFUSED: Readonly<Record<LoginRefusal, { readonly title: string; readonly lines: readonly string[]; readonly status: number }>> = {
  forged: { title: '登录链接无效', lines: ['这个链接不完整或不是机器人发出的。', AGAIN], status: 400 },
  unknown: { title: '登录链接无效', lines: ['这个链接不完整或不是机器人发出的。', AGAIN], status: 400 },
  expired: { title: '登录链接已过期', lines: ['登录链接只在发出后10分钟内有效。', AGAIN], status: 400 },
  used: { title: '登录链接已用过', lines: ['每个登录链接只能用一次。', AGAIN], status: 400 },
  'not-operator': { title: '没有后台权限', lines: ['这个链接属于的微信不在管理员名单里，无法登录后台。'], status: 403 },
}

/** The login button's form: the link's token, posted once. */
const LoginForm = z.object({ token: z.string().max(200) })

function queryToken(request: FastifyRequest): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.token
  return typeof value === 'string' ? value : undefined
}

function clientOf(request: FastifyRequest): ConsoleClient {
  return { userAgent: request.headers['user-agent'], ip: request.ip }
}

function refused(reply: FastifyReply, reason: LoginRefusal): FastifyReply {
  const page = REFUSED[reason]
  return sendConsoleMessage(reply, page.title, page.lines, page.status)
}

/**
 * `GET /console/login?token=` shows the 「进入后台」 button and uses nothing
 * up (WeChat and other apps fetch links for their previews);
 * `POST /console/login` is the button: the link is used up there, checked
 * against OPERATOR_IDS, and a session cookie is set. Outside the guard.
 */
export function consoleLoginRoutes(deps: ConsoleLoginDeps): FastifyPluginAsync {
  return async (app) => {
    app.get(CONSOLE_LOGIN_PATH, async (request, reply) => {
      const token = queryToken(request)
      const outcome = await loginPage(deps, token)
      if (outcome.kind === 'refused') return refused(reply, outcome.reason)
      return sendPage(
        noStore(reply),
        <ConsolePlainPage title="登录返利机器人后台">
          <p>点下面的按钮进入后台。登录链接只能用一次，请不要转发给别人。</p>
          <form method="post" action={CONSOLE_LOGIN_PATH}>
            <input type="hidden" name="token" value={token} />
            <button type="submit">进入后台</button>
          </form>
          <p class="muted">超过一段时间不操作会自动退出，到时再发「后台」即可。</p>
        </ConsolePlainPage>,
      )
    })

    app.post(CONSOLE_LOGIN_PATH, async (request, reply) => {
      const form = LoginForm.safeParse(request.body)
      if (!form.success) return refused(reply, 'forged')
      const outcome = await logIn(deps, form.data.token, clientOf(request))
      if (outcome.kind === 'logged-in') {
        reply.setCookie(CONSOLE_COOKIE, outcome.token, consoleCookieOptions(deps.secureCookie))
        return noStore(reply).redirect('/console', 303)
      }
      // A second press of the same button: the first one's cookie is already here, so this browser is in.
      if (outcome.reason === 'used' && (await sessionFor(deps, sessionTokenOf(request))).kind === 'active') return noStore(reply).redirect('/console', 303)
      return refused(reply, outcome.reason)
    })
  }
}

/** `POST /console/logout` (inside the guard, so with the CSRF token): ends the session, drops the cookie, says how to come back. */
export function consoleLogoutRoutes(deps: ConsoleLoginDeps): FastifyPluginAsync {
  return async (app) => {
    app.post('/console/logout', async (request, reply) => {
      const token = sessionTokenOf(request)
      if (token !== undefined) await logOut(deps, token, operatorOf(request), clientOf(request))
      reply.clearCookie(CONSOLE_COOKIE, consoleCookieOptions(deps.secureCookie))
      return sendLoginNeeded(reply, 'logged-out', 200)
    })
  }
}

