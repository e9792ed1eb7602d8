import type { Outbox } from '../src/outbox/outbox.js'
import type { ReplySender } from './reply-sender.js'

/**
 * Replies take the same road as every other message: the account's outbox,
 * consumed by this bot process and paced. They carry the highest priority,
 * so a user's answer goes ahead of notices and pushes.
 */
export function outboxSender(outbox: Outbox): ReplySender {
  return {
    send: async (conversationId, text) => {
      await outbox.enqueue({ conversationId, text, kind: 'reply' })
    },
  }
}
