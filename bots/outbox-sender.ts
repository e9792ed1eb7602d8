import { randomUUID } from 'node:crypto'
import type { Outbox } from '../src/outbox/outbox.js'
import { createLogger } from '../src/shared/log.js'
import { within } from '../src/shared/within.js'
import type { ReplySender } from './reply-sender.js'

const log = createLogger('outbox-sender')

export interface OutboxSenderOptions {
  /** Sends replies straight out while the outbox (Redis) cannot take them, so a user is never left waiting. */
  readonly direct?: ReplySender | undefined
  /** How long an enqueue may take before the reply goes out directly. */
  readonly enqueueTimeoutMs?: number
  /** The pace of direct sends (the outbox's own gap and jitter), so an outage cannot burst the account. */
  readonly minGapMs?: number
  readonly jitterMs?: number
}

/**
 * Replies take the same road as every other message: the account's outbox,
 * consumed by this bot process and paced. They carry the highest priority,
 * so a user's answer goes ahead of notices and pushes.
 *
 * When Redis is down a reply must not wait for it: with a `direct` sender it
 * goes straight out, paced in-process, and the outage is logged once (and its
 * end once). A reply whose enqueue timed out is taken back from the outbox
 * when Redis returns, so it is not sent twice.
 */
export function outboxSender(outbox: Outbox, options: OutboxSenderOptions = {}): ReplySender {
  const { direct } = options
  const timeoutMs = options.enqueueTimeoutMs ?? 2000
  let outage = false
  let lastDirectAt = 0
  let chain: Promise<void> = Promise.resolve()

  const sendDirect = (conversationId: string, text: string, send: ReplySender): Promise<void> => {
    const next = chain.then(async () => {
      const gap = (options.minGapMs ?? 0) + Math.random() * (options.jitterMs ?? 0)
      const wait = lastDirectAt + gap - Date.now()
      if (wait > 0) await new Promise((done) => setTimeout(done, wait))
      lastDirectAt = Date.now()
      await send.send(conversationId, text)
    })
    chain = next.catch(() => undefined)
    return next
  }

  const markOutage = (error: unknown): void => {
    if (outage) return
    outage = true
    log.warn('the outbox (Redis) is unreachable: replies go straight out, paced, until it is back', { error })
  }

  return {
    send: async (conversationId, text) => {
      if (!direct) {
        await outbox.enqueue({ conversationId, text, kind: 'reply' })
        return
      }
      if (!outbox.reachable()) {
        markOutage(new Error('Redis not connected'))
        return sendDirect(conversationId, text, direct)
      }
      const key = `reply-${randomUUID()}`
      try {
        await within(outbox.enqueue({ conversationId, text, kind: 'reply' }, key), timeoutMs, 'the outbox')
        if (outage) log.info('the outbox (Redis) is back: replies go through it again')
        outage = false
      } catch (error) {
        markOutage(error)
        await sendDirect(conversationId, text, direct)
        void takeBack(outbox, key)
      }
    },
  }
}

/** The timed-out enqueue may still land once Redis answers: remove that copy (it went out directly). */
async function takeBack(outbox: Outbox, key: string): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt++) {
    await new Promise((done) => setTimeout(done, 2000))
    if (!outbox.reachable()) continue
    await outbox.cancel(key).catch(() => false)
    return
  }
}
