import type { FastifyReply } from 'fastify'
import { sendPage } from '../render-page.js'
import { MessagePage } from '../views/page-shell.js'

/** The server's own friendly 404 page (a malformed code never reaches the database). */
export function notFound(reply: FastifyReply): FastifyReply {
  reply.callNotFound()
  return reply
}

/** 429 for a visitor who tried too many unknown codes (MissLimiter), with a line on what to do instead. */
export function tooManyMisses(reply: FastifyReply, line: string): FastifyReply {
  return sendPage(
    reply.header('retry-after', '60'),
    <MessagePage title="访问太频繁">
      <p>{line}</p>
    </MessagePage>,
    429,
  )
}
