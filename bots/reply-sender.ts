import { FileBox } from 'file-box'
import type { Wechaty } from 'wechaty'

/**
 * The one path every outgoing chat message takes. Conversation ids only
 * (contact id, or room id ending in @chatroom), so a queue can carry them.
 */
export interface ReplySender {
  send(conversationId: string, text: string): Promise<void>
  /** Sends a picture by URL; absent where the transport cannot send files. */
  sendImage?(conversationId: string, url: string): Promise<void>
}

/** Sends straight through the logged-in puppet. */
export function puppetSender(bot: Wechaty): ReplySender {
  return {
    send: async (conversationId, text) => {
      await bot.puppet.messageSendText(conversationId, text)
    },
    sendImage: async (conversationId, url) => {
      await bot.puppet.messageSendFile(conversationId, FileBox.fromUrl(url))
    },
  }
}
