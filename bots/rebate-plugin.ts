import { types, type Friendship, type Message, type Wechaty, type WechatyPlugin } from 'wechaty'
import type { ChatInput } from '../src/chat/chat-input.js'
import { miniProgramCardHint, SORRY_TEXT } from '../src/chat/help.text.js'
import { count } from '../src/metrics/metrics.js'
import { createLogger } from '../src/shared/log.js'
import type { MessageTracker } from './message-tracker.js'
import type { ReplySender } from './reply-sender.js'
import { toChatInput } from './to-chat-input.js'

const log = createLogger('bot')

export interface RebatePluginDeps {
  /** The service answering one message: reply text, or undefined for silence. */
  readonly answer: (input: ChatInput) => Promise<string | undefined>
  /** Builds the sending path once the bot exists (it needs the logged-in puppet). */
  readonly sender: (bot: Wechaty) => ReplySender
  readonly tracker?: MessageTracker | undefined
  /** Greets a new friend (and binds their inviter when the request carried a code). */
  readonly welcome?: ((friend: { contactId: string; displayName: string; hello: string }) => Promise<string>) | undefined
  /** BOT_ACCOUNT, the label of this account's received-message count. */
  readonly account?: string | undefined
}


/**
 * The bot edge: turn each Wechaty message into plain input, ask the service,
 * send the answer. Failures are logged for the operator; the user gets one
 * short line, never a stack trace.
 */
export function rebatePlugin(deps: RebatePluginDeps): WechatyPlugin {
  return (bot: Wechaty) => {
    const sender = deps.sender(bot)
    const onMessage = async (message: Message): Promise<void> => {
      const input = await toChatInput(message).catch((error: unknown) => {
        log.warn('could not read message', { id: message.id, error })
        return undefined
      })
      if (!input) return
      count.received(deps.account ?? 'unknown', input.roomId ? 'group' : 'direct')
      try {
        // A card with no product: one line in a direct chat; in a group it is chatter.
        if (input.unreadableCard) {
          if (!input.roomId) await sender.send(input.contactId, miniProgramCardHint(input.unreadableCard))
          return
        }
        const reply = await deps.answer(input)
        if (reply !== undefined) await sender.send(input.roomId ?? input.contactId, reply)
      } catch (error) {
        log.error('message handling failed', { id: message.id, contact: input.contactId, error })
        if (!input.roomId) await sender.send(input.contactId, SORRY_TEXT).catch(() => undefined)
      } finally {
        deps.tracker?.markHandled()
      }
    }
    bot.on('message', (message) => {
      void onMessage(message)
    })
    bot.on('friendship', (friendship) => {
      void onFriendship(friendship, sender, deps)
    })
  }
}

/** Accepts friend requests: a rebate bot lives on being added. */
async function onFriendship(friendship: Friendship, sender: ReplySender, deps: RebatePluginDeps): Promise<void> {
  try {
    if (friendship.type() !== types.Friendship.Receive) return
    await friendship.accept()
    const contact = friendship.contact()
    const reply = await deps.welcome?.({ contactId: contact.id, displayName: contact.name() || contact.id, hello: friendship.hello() })
    if (reply) await sender.send(contact.id, reply)
  } catch (error) {
    log.warn('could not handle a friend request', { error })
  }
}
