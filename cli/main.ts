import './early-tuning.js'
import { ConfigError, loadConfig, readEnvironment, type Config } from '../src/config.js'
import { DataDirLockedError } from '../src/db/data-dir-lock.js'
import { prepareDataDir } from '../src/db/prepare-data-dir.js'
import { censorSecrets, type LogFormat, setupLogging } from '../src/shared/log.js'
import { StartupError } from '../src/shared/startup-error.js'
import { parseRoleFlag } from './role-flag.js'

const USAGE = `rebate-bot — coupon & rebate chat bot

usage:
  rebate-bot start           run every role: bot, worker, scheduler (terminal chat when WECHATY_PUPPET is unset)
  rebate-bot start --role worker,scheduler
                             run only those roles (needs DATABASE_URL: PostgreSQL shared by the processes)
  rebate-bot chat            terminal chat with the bot (wechaty-puppet-mock)
  rebate-bot migrate         bring the database schema up to date
  rebate-bot parse "<text>"  print the product links found in a text as JSON
  rebate-bot simulator       run the affiliate-platform simulator on its own
  rebate-bot help            this text

configuration: environment variables or a .env file (see .env.example)`

type Command = (config: Config, args: string[]) => Promise<number>

// Each command loads its own code when run: a worker process never loads Wechaty (tens of MB resident).
const COMMANDS: Record<string, { needsConfig: boolean; usesDataDir?: boolean; run: Command }> = {
  start: { needsConfig: true, usesDataDir: true, run: async (config, args) => (await import('./commands/start.command.js')).runStart(config, args) },
  chat: { needsConfig: true, usesDataDir: true, run: async (config) => (await import('./commands/chat.command.js')).runChat(config) },
  migrate: { needsConfig: true, usesDataDir: true, run: async (config) => (await import('./commands/migrate.command.js')).runMigrate(config) },
  simulator: { needsConfig: true, run: async (config, args) => (await import('./commands/simulator.command.js')).runSimulator(config, args) },
  parse: { needsConfig: false, run: async (_config, args) => (await import('./commands/parse.command.js')).runParse(args) },
}

async function main(argv: string[]): Promise<number> {
  const [name = 'start', ...args] = argv
  if (name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(USAGE + '\n')
    return 0
  }
  const command = COMMANDS[name]
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n\n${USAGE}\n`)
    return 2
  }
  if (!command.needsConfig) return command.run(undefined as never, args)
  const config = loadConfig(readEnvironment())
  setupLogging({
    level: config.log.level,
    format: config.log.format ?? defaultLogFormat(name, args, config),
    secrets: config.log.secrets,
    colors: process.stderr.isTTY === true,
  })
  if (command.usesDataDir) prepareDataDir(config.dataDir)
  return command.run(config, args)
}

/**
 * Readable lines for a person: stderr is a terminal, or the command is the
 * terminal chat (`chat`, or `start` without a puppet), whose log shares the
 * screen with the conversation. Anything else (a service, a container, a
 * redirected stderr) gets JSON lines for a log collector.
 */
function defaultLogFormat(command: string, args: readonly string[], config: Config): LogFormat {
  const botHere = (): boolean => {
    try {
      return parseRoleFlag(args).roles.has('bot')
    } catch {
      return true
    }
  }
  const terminalChat = command === 'chat' || (command === 'start' && !config.wechaty.puppet && botHere())
  return process.stderr.isTTY === true || terminalChat ? 'pretty' : 'json'
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    // Expected failures get their message only; anything else is a bug worth its stack.
    const known = error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof StartupError
    const text = known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)
    process.stderr.write(`${censorSecrets(text)}\n`)
    process.exitCode = 1
  },
)
