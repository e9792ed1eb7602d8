import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { puppetSender } from '../../bots/reply-sender.js'
import { runTerminalChat } from '../../bots/terminal-chat.js'
import type { Config } from '../../src/config.js'
import { findGroup } from '../../src/groups/group.repository.js'
import { openInfra } from '../infra.js'
import { startProcessMetrics, type MetricsServer } from '../metrics-server.js'
import { ROLES, type Role } from '../role-flag.js'
import { openBotChat, type BotChat } from '../roles/bot.role.js'
import { startBackgroundRoles } from '../roles/start-roles.js'
import { terminalHooks } from '../terminal/terminal-hooks.js'

/**
 * Terminal chat on the mock puppet: stdin lines in, `bot: …` lines out. The
 * terminal is the bot role's transport; the other roles asked for run beside
 * it. Ends at the end of input, or at SIGTERM (input is cut, work in flight
 * finishes within SHUTDOWN_TIMEOUT_MS).
 */
export async function runChat(accountConfig: Config, roles: ReadonlySet<Role> = new Set(ROLES), explicitRoles = false): Promise<number> {
  const config: Config = { ...accountConfig, outbox: { ...accountConfig.outbox, ...accountConfig.terminal.outbox } }
  const infra = await openInfra(config, roles, { explicitRoles })
  const input = new PassThrough()
  process.stdin.pipe(input)
  const onTerm = (): void => {
    process.stdin.unpipe(input)
    input.end()
  }
  process.once('SIGTERM', onTerm)
  let background: Awaited<ReturnType<typeof startBackgroundRoles>> | undefined
  let chat: BotChat | undefined
  let metrics: MetricsServer | undefined
  try {
    const botChat = await openBotChat(infra)
    chat = botChat
    metrics = await startProcessMetrics(infra, { loggedIn: () => botChat.monitor.state().state === 'logged-in' })
    background = await startBackgroundRoles(infra)
    const hooks = terminalHooks(infra, background, botChat)
    await runTerminalChat({
      name: join(config.dataDir, 'terminal-chat'),
      input,
      output: (line) => process.stdout.write(line + '\n'),
      interactive: process.stdin.isTTY === true,
      simulator: infra.simulator
        ? (await import('../terminal/terminal-simulator.js')).terminalSimulator(infra.simulator, infra.redis === 'none' ? undefined : infra.redis.queues, {
            db: infra.database.db,
          })
        : undefined,
      idle: hooks?.idle,
      parked: hooks?.parked,
      tick: hooks?.tick,
      groupOwner: async (roomId) => (await findGroup(infra.database.db, roomId))?.owner_contact_id ?? undefined,
      plugin: (tracker) => {
        const plugin = botChat.plugin(tracker)
        return (bot) => {
          // The terminal's mock account is logged in from the start.
          void botChat.monitor.loggedIn()
          botChat.consume(puppetSender(bot))
          return plugin(bot)
        }
      },
    })
    return 0
  } finally {
    process.off('SIGTERM', onTerm)
    process.stdin.unpipe(input)
    process.stdin.destroy()
    await chat?.close(config.shutdownTimeoutMs)
    await background?.close(config.shutdownTimeoutMs)
    await metrics?.close()
    await infra.close()
  }
}
