import type { Friendship, Message, Wechaty, WechatyPlugin } from 'wechaty'
import { types } from './wechaty-runtime.js'
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
  /** Told how many people besides the bot a group has (the funnel's CTR), after its first message and then at most every `GROUP_SIZE_EVERY_MS`. */
  readonly groupSize?: ((roomId: string, members: number) => Promise<unknown>) | undefined
  /** BOT_ACCOUNT, the label of this account's received-message count. */
  readonly account?: string | undefined
}

/** Group sizes change slowly, and listing members may be a round trip to WeChat: counted at most this often per group. */
export const GROUP_SIZE_EVERY_MS = 6 * 3_600_000


/**
 * The bot edge: turn each Wechaty message into plain input, ask the service,
 * send the answer. Failures are logged for the operator; the user gets one
 * short line, never a stack trace.
 */
export function rebatePlugin(deps: RebatePluginDeps): WechatyPlugin {
  return (bot: Wechaty) => {
    const sender = deps.sender(bot)
    const counted = new Map<string, number>()
    const countMembers = async (message: Message, roomId: string): Promise<void> => {
      const last = counted.get(roomId)
      if (!deps.groupSize || (last !== undefined && Date.now() - last < GROUP_SIZE_EVERY_MS)) return
      counted.set(roomId, Date.now())
      const room = message.room()
      if (!room) return
      try {
        await deps.groupSize(roomId, (await room.memberAll()).filter((member) => !member.self()).length)
      } catch (error) {
        log.warn('could not count the group members', { roomId, error })
      }
    }
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
        // After the answer, so a group's first 发单设置 has recorded the group it counts.
        if (input.roomId) await countMembers(message, input.roomId)
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
