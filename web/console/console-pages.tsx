import type { ComponentChildren } from 'preact'
import type { FastifyReply } from 'fastify'
import { sendPage } from '../render-page.js'

export const CONSOLE_CSS_PATH = '/console/assets/console.css'

export const HOW_TO_LOG_IN = '在微信里私聊机器人发送「后台」，点它回复的登录链接（10分钟内有效，只能用一次）。'

/** A console page shown before or without a session (login, refusals): no navigation, no operator. */
export function ConsolePlainPage(props: { readonly title: string; readonly children: ComponentChildren }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} · 返利机器人后台`}</title>
        <link rel="stylesheet" href={CONSOLE_CSS_PATH} />
      </head>
      <body class="console">
        <main class="login">
          <div class="card">
            <h1>{props.title}</h1>
            {props.children}
          </div>
        </main>
      </body>
    </html>
  )
}

/** Why a request has no session, as the login page says it. */
export type NoSessionReason = 'none' | 'ended' | 'idle' | 'not-operator' | 'logged-out'

const NO_SESSION: Readonly<Record<NoSessionReason, { readonly title: string; readonly line: string | undefined }>> = {
  none: { title: '请先登录后台', line: undefined },
  ended: { title: '请重新登录', line: '这个登录已经退出。' },
  idle: { title: '登录已过期', line: '太久没有操作，为了安全已自动退出。' },
  'not-operator': { title: '没有后台权限', line: '你的微信已不在管理员名单里，登录已结束。' },
  'logged-out': { title: '已退出后台', line: '这台设备上的登录已结束。' },
}

/** The page every console URL shows without a session: how to log in, and nothing else. */
export function sendLoginNeeded(reply: FastifyReply, reason: NoSessionReason, status: number): FastifyReply {
  const page = NO_SESSION[reason]
  return sendPage(
    noStore(reply),
    <ConsolePlainPage title={page.title}>
      {page.line === undefined ? null : <p>{page.line}</p>}
      <p>{HOW_TO_LOG_IN}</p>
    </ConsolePlainPage>,
    status,
  )
}

/** A console page that only says something (a refused link, a refused request): nothing was changed. */
export function sendConsoleMessage(reply: FastifyReply, title: string, lines: readonly string[], status: number): FastifyReply {
  return sendPage(
    noStore(reply),
    <ConsolePlainPage title={title}>
      {lines.map((line) => (
        <p>{line}</p>
      ))}
    </ConsolePlainPage>,
    status,
  )
}

/** Console pages are an operator's view of money and people: no cache keeps them. */
export function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store')
}

