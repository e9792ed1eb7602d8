import type { ComponentChildren } from 'preact'

/** The document around every page: mobile viewport, Chinese, the site stylesheet, optional page scripts (same-origin only, per the CSP). */
export function PageShell(props: { readonly title: string; readonly scripts?: readonly string[]; readonly children: ComponentChildren }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{props.title}</title>
        <link rel="stylesheet" href="/assets/site.css" />
      </head>
      <body>
        <main>{props.children}</main>
        {props.scripts?.map((src) => <script src={src} defer />)}
      </body>
    </html>
  )
}

/** A page that only says something (not found, expired, an error): title and a line or two. */
export function MessagePage(props: { readonly title: string; readonly children: ComponentChildren }) {
  return (
    <PageShell title={props.title}>
      <div class="card">
        <h1>{props.title}</h1>
        {props.children}
      </div>
    </PageShell>
  )
}
