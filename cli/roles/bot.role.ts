import type { Wechaty, WechatyPlugin } from 'wechaty'
import type { MessageTracker } from '../../bots/message-tracker.js'
import { startOutboxConsumer, type OutboxConsumer } from '../../bots/outbox-consumer.js'
import { outboxSender } from '../../bots/outbox-sender.js'
import { startRealBot } from '../../bots/real-bot.js'
import { rebatePlugin } from '../../bots/rebate-plugin.js'
import { puppetSender, type ReplySender } from '../../bots/reply-sender.js'
import { handleChat } from '../../src/chat/chat.service.js'
import { welcomeFriend } from '../../src/chat/friendship.service.js'
import { pushDropped } from '../../src/deals/push-drops.service.js'
import { confirmNoticeSent } from '../../src/orders/notice-relay.service.js'
import { createLogger } from '../../src/shared/log.js'
import { StartupError } from '../../src/shared/startup-error.js'
import { within } from '../../src/shared/within.js'
import type { Infra } from '../infra.js'

const log = createLogger('bot')

/** The chat side of the bot role, whatever carries the chat (a puppet, or the terminal). */
export interface BotChat {
  /** The Wechaty plugin: messages → services, replies through the outbox (straight out without Redis). */
  plugin(tracker?: MessageTracker): WechatyPlugin
  /** Starts consuming this account's outbox (once; the bot must be able to send). */
  consume(sender: ReplySender): void
  /** The outbox consumer, once started. */
  consumer(): OutboxConsumer | undefined
  close(timeoutMs: number): Promise<void>
}

export function botChat(infra: Infra): BotChat {
  const { config, database, redis } = infra
  let starting: Promise<OutboxConsumer | undefined> | undefined
  let consumer: OutboxConsumer | undefined
  let closing = false
  return {
    plugin: (tracker) =>
      rebatePlugin({
        answer: (input) => handleChat(infra.chat, input),
        welcome: (friend) => welcomeFriend(infra.chat, friend),
        // Without Redis there is no outbox: replies then go straight out (the chat still works).
        sender: (wechaty) =>
          redis === 'none'
            ? puppetSender(wechaty)
            : outboxSender(redis.outbox, { direct: puppetSender(wechaty), minGapMs: config.outbox.minGapMs, jitterMs: config.outbox.jitterMs }),
        tracker,
      }),
    consume: (sender) => {
      // A piped session can end while the bot is still starting: a consumer started after close would retry a stopped Redis forever.
      if (redis === 'none' || closing || starting) return
      starting = startOutboxConsumer({
        connection: redis.connect(),
        prefix: config.queue.prefix,
        account: config.queue.account,
        sender,
        ...config.outbox,
        onDropped: (message, reason) =>
          message.pushSlot ? pushDropped(database.db, { roomId: message.conversationId, slot: message.pushSlot, reason }) : Promise.resolve(),
        // A notice leaves the database only once sent: until then the relay hands it over again if Redis loses it.
        onSent: (message) => (message.noticeId ? confirmNoticeSent(database.db, message.noticeId) : Promise.resolve()),
      }).then(
        (started) => (consumer = started),
        (error: unknown) => void log.error('could not start the outbox consumer', { error }),
      )
    },
    consumer: () => consumer,
    close: async (timeoutMs) => {
      closing = true
      await starting
      // The message being sent finishes (bounded); the rest stays queued for the next start.
      await within(consumer?.close() ?? Promise.resolve(), timeoutMs, 'outbox consumer').catch(
        (error: unknown) => void log.warn('the outbox consumer did not stop in time', { error }),
      )
    },
  }
}

/** The bot role on a real puppet (WECHATY_PUPPET): logs in, answers, and sends the outbox once logged in. */
export async function startBotRole(infra: Infra, puppet: string): Promise<{ close(timeoutMs: number): Promise<void> }> {
  const chat = botChat(infra)
  const bot: Wechaty = await startRealBot({
    puppet,
    token: infra.config.wechaty.token,
    name: infra.config.wechaty.name,
    dataDir: infra.config.dataDir,
    plugin: chat.plugin(),
  }).catch((error: unknown) => {
    throw new StartupError(
      `WECHATY_PUPPET: could not start puppet "${puppet}": ${error instanceof Error ? error.message : String(error)} ` +
        `(is it installed? npm install ${puppet})`,
    )
  })
  // Notifications wait for a logged-in account: the outbox is consumed from the first login on.
  const consume = (): void => chat.consume(puppetSender(bot))
  bot.on('login', consume)
  if (bot.isLoggedIn) consume()
  return {
    close: async (timeoutMs) => {
      await chat.close(timeoutMs)
      await bot.stop()
    },
  }
}

/** Before anything starts: a puppet that is not installed is one line, not Wechaty's banner and a hang. */
export function checkPuppetInstalled(puppet: string): void {
  try {
    import.meta.resolve(puppet)
  } catch {
    throw new StartupError(`WECHATY_PUPPET: the puppet package "${puppet}" is not installed (npm install ${puppet}), or the name is misspelt`)
  }
}
