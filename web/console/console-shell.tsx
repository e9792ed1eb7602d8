import type { ComponentChildren } from 'preact'
import type { ConsoleOperator } from './console-operator.js'

/** The console's sections, in the navigation's order: path and label. */
export const CONSOLE_SECTIONS = [
  ['/console', '仪表盘'],
  ['/console/users', '用户'],
  ['/console/orders', '订单'],
  ['/console/withdrawals', '提现'],
  ['/console/groups', '群'],
  ['/console/platforms', '平台与账号'],
  ['/console/queues', '队列'],
  ['/console/audit', '审计'],
] as const

export type ConsoleSection = (typeof CONSOLE_SECTIONS)[number][0]

/** The hidden field every console form carries (the session's CSRF token). */
export function CsrfField(props: { readonly operator: ConsoleOperator }) {
  return <input type="hidden" name="_csrf" value={props.operator.csrfToken} />
}

/**
 * The document around every console page: navigation, who is logged in, a
 * logout button, the console stylesheet and optional same-origin scripts
 * (the CSP allows no inline code). Usable on a phone: the navigation wraps.
 */
export function ConsoleShell(props: {
  readonly title: string
  readonly operator: ConsoleOperator
  readonly section: ConsoleSection
  readonly scripts?: readonly string[]
  readonly children: ComponentChildren
}) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${props.title} · 返利机器人后台`}</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
      </head>
      <body class="console">
        <header class="console-bar">
          <nav>
            {CONSOLE_SECTIONS.map(([path, label]) => (
              <a href={path} class={path === props.section ? 'current' : undefined}>
                {label}
              </a>
            ))}
          </nav>
          <form method="post" action="/console/logout" class="logout">
            <CsrfField operator={props.operator} />
            <span class="muted">{props.operator.displayName}</span>
            <button type="submit">退出</button>
          </form>
        </header>
        <main class="console-main">
          <h1>{props.title}</h1>
          {props.children}
        </main>
        {props.scripts?.map((src) => <script src={src} defer />)}
      </body>
    </html>
  )
}
