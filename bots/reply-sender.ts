import { FileBox } from 'file-box'
import type { Wechaty } from 'wechaty'
import type { LoadedPicture } from '../src/chat/chat-input.js'

/**
 * The one path every outgoing chat message takes. Conversation ids only
 * (contact id, or room id ending in @chatroom), so a queue can carry them.
 */
export interface ReplySender {
  send(conversationId: string, text: string): Promise<void>
  /** Sends a picture by URL; absent where the transport cannot send files. */
  sendImage?(conversationId: string, url: string): Promise<void>
  /** Sends a picture the bot holds (one that came with a relayed or pushed copy); absent where files cannot be sent. */
  sendPicture?(conversationId: string, picture: LoadedPicture): Promise<void>
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
    sendPicture: async (conversationId, picture) => {
      await bot.puppet.messageSendFile(conversationId, FileBox.fromBuffer(picture.bytes, picture.name))
    },
  }
}
