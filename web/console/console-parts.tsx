import type { FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { localDigits } from '../../src/groups/local-time.js'
import { formatYuan } from '../../src/money/fen.js'
import { sendPage } from '../render-page.js'
import { operatorOf } from './console-operator.js'
import { ConsoleShell, type ConsoleSection } from './console-shell.js'

/** Ids of bigint rows in console URLs: digits only, no leading zero, at most 18 (within bigint). */
export const ROW_ID = /^[1-9]\d{0,17}$/

/** Fen as yuan with two decimals ("¥12.34", "-¥0.50"). */
export function money(fen: number): string {
  return fen < 0 ? `-¥${formatYuan(-fen)}` : `¥${formatYuan(fen)}`
}

/** A signed change of money ("+¥1.00", "-¥0.50", "" for none). */
export function moneyChange(fen: number): string {
  if (fen === 0) return ''
  return fen > 0 ? `+${money(fen)}` : money(fen)
}

/** An instant as wall-clock time in the configured zone ("2026-12-06 08:05"), or "—". */
export function when(at: Date | null | undefined, timeZone: string): string {
  if (!at) return '—'
  const d = localDigits(at, timeZone)
  return `${d.year}-${d.month}-${d.day} ${d.hour}:${d.minute}`
}

/** A span of time in words ("3分钟", "2小时5分钟", "4天3小时"). */
export function duration(ms: number): string {
  const minutes = Math.floor(ms / 60_000)
  if (minutes < 1) return '不到1分钟'
  if (minutes < 60) return `${minutes}分钟`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${hours}小时${minutes % 60 ? `${minutes % 60}分钟` : ''}`
  return `${Math.floor(hours / 24)}天${hours % 24 ? `${hours % 24}小时` : ''}`
}

/** A console page that only says something went wrong with the request (bad filter, unknown id). */
function ProblemPage(props: { readonly request: FastifyRequest; readonly section: ConsoleSection; readonly title: string; readonly message: string; readonly back: string }) {
  return (
    <ConsoleShell title={props.title} operator={operatorOf(props.request)} section={props.section}>
      <p class="flash bad">{props.message}</p>
      <p>
        <a href={props.back}>返回</a>
      </p>
    </ConsoleShell>
  )
}

/** 400 with the reason in Chinese; nothing was read or changed. */
export function sendBadRequest(reply: FastifyReply, request: FastifyRequest, section: ConsoleSection, message: string): FastifyReply {
  return sendPage(reply, <ProblemPage request={request} section={section} title="请求有误" message={message} back={section} />, 400)
}

/** 404 for an id that is well-formed but names nothing. */
export function sendNotFound(reply: FastifyReply, request: FastifyRequest, section: ConsoleSection, message: string): FastifyReply {
  return sendPage(reply, <ProblemPage request={request} section={section} title="找不到" message={message} back={section} />, 404)
}

/** A query string checked against its schema: the data, or the first problem's message (the schemas carry Chinese ones). */
export function checkQuery<S extends z.ZodType>(schema: S, query: unknown): { ok: true; data: z.infer<S> } | { ok: false; message: string } {
  const parsed = schema.safeParse(query)
  if (parsed.success) return { ok: true, data: parsed.data }
  return { ok: false, message: parsed.error.issues[0]?.message ?? '查询参数有误' }
}

/** The URL of a page with some query parameters (empty ones left out). */
export function withQuery(path: string, params: Readonly<Record<string, string | undefined>>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, value)
  const text = search.toString()
  return text ? `${path}?${text}` : path
}

/** "Next page" link, or nothing on the last page. */
export function Pager(props: { readonly next: string | undefined; readonly first?: string | undefined }) {
  if (!props.next && !props.first) return null
  return (
    <nav class="pager">
      {props.first ? <a href={props.first}>回到第一页</a> : null}
      {props.next ? <a href={props.next}>下一页</a> : null}
    </nav>
  )
}
