import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Wechaty, WechatyPlugin } from 'wechaty'
import { countedReplies } from '../../bots/counted-sender.js'
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
import { loadPicture } from '../../src/pictures/picture.service.js'
import { recordGroupMemberCount } from '../../src/reports/funnel.service.js'
import { acquireAccountLock } from '../../src/accounts/account-lock.js'
import { createAccountMonitor, type AccountMonitor } from '../../src/accounts/account-monitor.service.js'
import { recordConversation } from '../../src/accounts/account.service.js'
import type { ChatInput } from '../../src/chat/chat-input.js'
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
  /** This account's health: the transport reports logins and logouts. */
  readonly monitor: AccountMonitor
  close(timeoutMs: number): Promise<void>
}

/**
 * The chat side of one WeChat account (BOT_ACCOUNT): holds the account's
 * lock (a second process for the same account refuses to start), keeps its
 * state row and health (`AccountMonitor`), records which conversations it
 * serves, answers, and consumes its own outbox with the account's pause and
 * warm-up cap.
 * @throws StartupError (AccountLockedError) when another process serves this account
 */
export async function openBotChat(infra: Infra): Promise<BotChat> {
  const { config, database, redis } = infra
  const account = config.queue.account
  const lock = await acquireAccountLock(config.databaseUrl, account)
  const monitor = createAccountMonitor({
    db: database.db,
    account,
    operators: config.operators,
    failureLimit: config.accounts.failureLimit,
    dailyCap: config.outbox.dailyCap,
    warmup: config.accounts.warmup,
    ...(redis === 'none' ? {} : { backlog: () => redis.outbox.pending() }),
  })
  monitor.start(config.accounts.heartbeatMs)
  // Which account serves whom: notices and pushes for this conversation then go through this account.
  const record = (input: ChatInput): Promise<void> =>
    recordConversation(database.db, account, input.roomId ?? input.contactId, input.roomId !== undefined).catch(
      (error: unknown) => void log.warn('could not record the conversation for this account', { account, error }),
    )
  let starting: Promise<OutboxConsumer | undefined> | undefined
  let consumer: OutboxConsumer | undefined
  let closing = false
  return {
    monitor,
    plugin: (tracker) =>
      rebatePlugin({
        account,
        answer: async (input) => {
          await record(input)
          return handleChat(infra.chat, input)
        },
        welcome: (friend) => welcomeFriend(infra.chat, friend),
        groupSize: (roomId, members) => recordGroupMemberCount(database.db, roomId, members),
        // Without Redis there is no outbox: replies then go straight out (the chat still works).
        sender: (wechaty) => {
          const direct = countedReplies(account, puppetSender(wechaty))
          return redis === 'none'
            ? direct
            : outboxSender(redis.outbox, { direct, minGapMs: config.outbox.minGapMs, jitterMs: config.outbox.jitterMs })
        },
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
        // The warm-up cap of a new account, and no pushes while it is paused, limited or logged out.
        dailyCap: (nowMs) => monitor.dailyPushCap(nowMs),
        pushesToday: (nowMs) => monitor.pushesToday(nowMs),
        pushesAllowed: () => monitor.pushesAllowed(),
        onDropped: (message, reason) =>
          message.pushSlot ? pushDropped(database.db, { roomId: message.conversationId, slot: message.pushSlot, reason }) : Promise.resolve(),
        // A notice leaves the database only once sent: until then the relay hands it over again if Redis loses it.
        onSent: (message) => {
          monitor.sent(message.kind)
          return message.noticeId ? confirmNoticeSent(database.db, message.noticeId) : Promise.resolve()
        },
        onSendFailed: (message, error) => monitor.sendFailed(error, message.kind),
        loadPicture: (id) => loadPicture(database.db, id),
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
      // Our own shutdown is no logout: the row keeps its state, only the heartbeats stop.
      await monitor.stop()
      await lock.release()
    },
  }
}

/** The bot role on a real puppet (WECHATY_PUPPET): logs in, answers, and sends the outbox once logged in. */
export async function startBotRole(infra: Infra, puppet: string): Promise<{ close(timeoutMs: number): Promise<void>; loggedIn(): boolean }> {
  const chat = await openBotChat(infra)
  const bot: Wechaty = await startRealBot({
    puppet,
    token: infra.config.wechaty.token,
    name: infra.config.wechaty.name,
    // Each account keeps its own login state (Wechaty's memory card), so several accounts can share a data directory.
    dataDir: accountDir(infra.config.dataDir, infra.config.queue.account),
    plugin: chat.plugin(),
  }).catch(async (error: unknown) => {
    await chat.close(0)
    throw new StartupError(
      `WECHATY_PUPPET: could not start puppet "${puppet}": ${error instanceof Error ? error.message : String(error)} ` +
        `(is it installed? npm install ${puppet})`,
    )
  })
  // Notifications wait for a logged-in account: the outbox is consumed from the first login on.
  const consume = (): void => chat.consume(puppetSender(bot))
  const loggedIn = (): void => {
    void chat.monitor.loggedIn()
    consume()
  }
  bot.on('login', loggedIn)
  // WeChat ended the session: pushes pause and the operators are told (through another account).
  bot.on('logout', (_user, reason) => void chat.monitor.loggedOut(reason))
  if (bot.isLoggedIn) loggedIn()
  return {
    loggedIn: () => chat.monitor.state().state === 'logged-in',
    close: async (timeoutMs) => {
      await chat.close(timeoutMs)
      await bot.stop()
    },
  }
}

/** `<data>/accounts/<name>/`, created on first use (the data directory itself was checked at start). */
function accountDir(dataDir: string, account: string): string {
  const dir = join(dataDir, 'accounts', account)
  mkdirSync(dir, { recursive: true })
  return dir
}

/** Before anything starts: a puppet that is not installed is one line, not Wechaty's banner and a hang. */
export function checkPuppetInstalled(puppet: string): void {
  try {
    import.meta.resolve(puppet)
  } catch {
    throw new StartupError(`WECHATY_PUPPET: the puppet package "${puppet}" is not installed (npm install ${puppet}), or the name is misspelt`)
  }
}
