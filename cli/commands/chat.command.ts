import { join } from 'node:path'
import { rebatePlugin } from '../../bots/rebate-plugin.js'
import { puppetSender } from '../../bots/reply-sender.js'
import { runTerminalChat } from '../../bots/terminal-chat.js'
import { handleChat } from '../../src/chat/chat.service.js'
import type { Config } from '../../src/config.js'
import { openApp } from '../open-app.js'

/** Terminal chat on the mock puppet: stdin lines in, `bot: …` lines out. */
export async function runChat(config: Config): Promise<number> {
  const app = await openApp(config)
  try {
    await runTerminalChat({
      name: join(config.dataDir, 'terminal-chat'),
      input: process.stdin,
      output: (line) => process.stdout.write(line + '\n'),
      interactive: process.stdin.isTTY === true,
      plugin: (tracker) => rebatePlugin({ answer: (input) => handleChat(app.chat, input), sender: puppetSender, tracker }),
    })
    return 0
  } finally {
    await app.close()
  }
}
