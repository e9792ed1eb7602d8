import { join } from 'node:path'
import { rebatePlugin } from '../../bots/rebate-plugin.js'
import { outboxSender } from '../../bots/outbox-sender.js'
import { puppetSender } from '../../bots/reply-sender.js'
import { runTerminalChat } from '../../bots/terminal-chat.js'
import { handleChat } from '../../src/chat/chat.service.js'
import { welcomeFriend } from '../../src/chat/friendship.service.js'
import type { Config } from '../../src/config.js'
import { atLocalTime } from '../../src/groups/local-time.js'
import type { Background } from '../background.js'
import { openApp } from '../open-app.js'
import { terminalSimulator } from '../terminal-simulator.js'

/** Terminal chat on the mock puppet: stdin lines in, `bot: …` lines out. */
export async function runChat(config: Config): Promise<number> {
  const app = await openApp(config)
  try {
    const background = app.background
    await runTerminalChat({
      name: join(config.dataDir, 'terminal-chat'),
      input: process.stdin,
      output: (line) => process.stdout.write(line + '\n'),
      interactive: process.stdin.isTTY === true,
      simulator: app.simulator ? terminalSimulator(app.simulator, background?.queues) : undefined,
      idle: background ? () => background.idle() : undefined,
      parked: background ? () => background.parked() : undefined,
      tick: background ? (time) => runTick(background, time, config.timeZone) : undefined,
      plugin: (tracker) =>
        rebatePlugin({
          answer: (input) => handleChat(app.chat, input),
          welcome: (friend) => welcomeFriend(app.chat, friend),
          sender: (bot) => {
            const direct = puppetSender(bot)
            if (!background) return direct
            background.startOutbox(direct).catch(() => undefined)
            return outboxSender(background.outbox, { direct, minGapMs: config.outbox.minGapMs, jitterMs: config.outbox.jitterMs })
          },
          tracker,
        }),
    })
    return 0
  } finally {
    await app.close()
  }
}

/** `/tick HH:MM`: the push scheduler's tick for that clock time today, in the configured zone. */
async function runTick(background: Background, time: string, timeZone: string): Promise<string> {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time.trim())
  const hour = Number(match?.[1])
  const minute = Number(match?.[2])
  if (!match || hour > 23 || minute > 59) return '用法：/tick HH:MM，例如 /tick 09:00'
  const due = await background.pushTick(atLocalTime(new Date(), hour, minute, timeZone))
  return `（定时发单：${time} 有 ${due} 个群到点）`
}
