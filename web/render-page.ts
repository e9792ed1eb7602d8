import type { FastifyReply } from 'fastify'
import type { VNode } from 'preact'
import { renderToString } from 'preact-render-to-string'

/** A server-rendered page as text: escaped by Preact. */
export function renderPage(page: VNode): string {
  return `<!doctype html>${renderToString(page)}`
}

/** Sends a rendered page with UTF-8 declared (or Chinese comes out garbled). */
export function sendHtml(reply: FastifyReply, html: string | Buffer, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(html)
}

/** Sends a server-rendered page. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return sendHtml(reply, renderPage(page), status)
}
