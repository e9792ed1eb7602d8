import { join } from 'node:path'
import { rebatePlugin } from '../../bots/rebate-plugin.js'
import { puppetSender } from '../../bots/reply-sender.js'
import { runTerminalChat } from '../../bots/terminal-chat.js'
import { handleChat } from '../../src/chat/chat.service.js'
import { welcomeFriend } from '../../src/chat/friendship.service.js'
import type { Config } from '../../src/config.js'
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
      plugin: (tracker) =>
        rebatePlugin({
          answer: (input) => handleChat(app.chat, input),
          welcome: (friend) => welcomeFriend(app.chat, friend),
          sender: (bot) => {
            const sender = puppetSender(bot)
            void background?.startOutbox(sender)
            return sender
          },
          tracker,
        }),
    })
    return 0
  } finally {
    await app.close()
  }
}
