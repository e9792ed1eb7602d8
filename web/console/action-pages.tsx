import type { FastifyReply } from 'fastify'
import type { ComponentChildren } from 'preact'
import { sendPage } from '../render-page.js'
import type { ConsoleOperator } from './console-operator.js'
import { ConsoleShell, type ConsoleSection } from './console-shell.js'

export interface BackLink {
  readonly href: string
  readonly label: string
}

/**
 * The page an action answers with when it does not redirect: what happened
 * (a flash line, ok or bad), optional details, and the way back.
 */
export function ActionResultPage(props: {
  readonly operator: ConsoleOperator
  readonly section: ConsoleSection
  readonly title: string
  readonly flash: { readonly ok: boolean; readonly text: string }
  readonly back: BackLink
  readonly children?: ComponentChildren
}) {
  return (
    <ConsoleShell title={props.title} operator={props.operator} section={props.section}>
      <p class={props.flash.ok ? 'flash ok' : 'flash bad'}>{props.flash.text}</p>
      {props.children}
      <p>
        <a href={props.back.href}>{props.back.label}</a>
      </p>
    </ConsoleShell>
  )
}

/** A refusal that changed nothing: bad input (400), an unknown id (404), a conflict (409). */
export function sendRefusal(
  reply: FastifyReply,
  page: { readonly operator: ConsoleOperator; readonly section: ConsoleSection; readonly title: string; readonly text: string; readonly back: BackLink },
  status: 400 | 404 | 409,
): FastifyReply {
  return sendPage(
    reply,
    <ActionResultPage operator={page.operator} section={page.section} title={page.title} flash={{ ok: false, text: `${page.text}（没有做任何改动）` }} back={page.back} />,
    status,
  )
}
