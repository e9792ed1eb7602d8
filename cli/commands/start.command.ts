import { rebatePlugin } from '../../bots/rebate-plugin.js'
import { startRealBot } from '../../bots/real-bot.js'
import { outboxSender } from '../../bots/outbox-sender.js'
import { puppetSender } from '../../bots/reply-sender.js'
import { handleChat } from '../../src/chat/chat.service.js'
import { welcomeFriend } from '../../src/chat/friendship.service.js'
import type { Config } from '../../src/config.js'
import { StartupError } from '../../src/shared/startup-error.js'
import { openApp } from '../open-app.js'
import { runChat } from './chat.command.js'

/**
 * Every role in one process. Without WECHATY_PUPPET the chat transport is
 * the terminal, so a fresh clone runs with no account and no keys.
 */
export async function runStart(config: Config): Promise<number> {
  const puppet = config.wechaty.puppet
  if (!puppet) return runChat(config)
  checkPuppetInstalled(puppet)
  const app = await openApp(config)
  const bot = await startRealBot({
    puppet,
    token: config.wechaty.token,
    name: config.wechaty.name,
    dataDir: config.dataDir,
    plugin: rebatePlugin({
      answer: (input) => handleChat(app.chat, input),
      welcome: (friend) => welcomeFriend(app.chat, friend),
      // Without Redis there is no outbox: replies then go straight out (the chat still works).
      sender: (wechaty) =>
        app.background
          ? outboxSender(app.background.outbox, { direct: puppetSender(wechaty), minGapMs: config.outbox.minGapMs, jitterMs: config.outbox.jitterMs })
          : puppetSender(wechaty),
    }),
  }).catch(async (error: unknown) => {
    // Without closing what openApp started (workers, Redis, timers) the process would hang here.
    await app.close()
    throw new StartupError(
      `WECHATY_PUPPET: could not start puppet "${puppet}": ${error instanceof Error ? error.message : String(error)} ` +
        `(is it installed? npm install ${puppet})`,
    )
  })
  // Notifications wait for a logged-in account: the outbox is consumed from the first login on.
  let consuming = false
  const consume = (): void => {
    if (consuming || !app.background) return
    consuming = true
    app.background.startOutbox(puppetSender(bot)).catch(() => undefined)
  }
  bot.on('login', consume)
  if (bot.isLoggedIn) consume()
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await bot.stop()
  await app.close()
  return 0
}

/** Before anything starts: a puppet that is not installed is one line, not Wechaty's banner and a hang. */
function checkPuppetInstalled(puppet: string): void {
  try {
    import.meta.resolve(puppet)
  } catch {
    throw new StartupError(`WECHATY_PUPPET: the puppet package "${puppet}" is not installed (npm install ${puppet}), or the name is misspelt`)
  }
}
