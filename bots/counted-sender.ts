import { count } from '../src/metrics/metrics.js'
import type { ReplySender } from './reply-sender.js'

/**
 * Counts the replies that go straight through the puppet, past the outbox
 * (no Redis, or Redis unreachable): the outbox consumer counts the rest, so
 * `rebate_bot_messages_sent_total{kind="reply"}` holds every reply either way.
 */
export function countedReplies(account: string, sender: ReplySender): ReplySender {
  return {
    ...sender,
    send: async (conversationId, text) => {
      try {
        await sender.send(conversationId, text)
      } catch (error) {
        count.sendFailed(account, 'reply')
        throw error
      }
      count.sent(account, 'reply')
    },
  }
}
