import { setFlagsFromString } from 'node:v8'
import { parseRoleFlag } from './role-flag.js'

/**
 * V8 settings by what a process runs, set before any other module of the CLI
 * loads (`cli/early-tuning.ts`, the first import of cli/main.ts; set after
 * the start-up code ran, the same flags saved about 10 MB less).
 *
 * A process that holds a chat (the bot role, alone or with others, and the
 * terminal `chat`) sizes V8's heap for memory (`--optimize-for-size`): the
 * embedded all-in-one measured 339 → 296 MB after 1,000 links, no slower.
 * A process of the bot role alone also turns the optimizing compiler off
 * (`--no-opt`): a bot sends about a message a second per account and waits
 * on WeChat, the platforms and the database, so TurboFan buys it nothing it
 * needs, and its compilations were the bot's transient peaks — resident
 * 147 → 116 MB idle, 170 → 123 MB after 300 links, peak 167 → 145 MB (target
 * 150). Workers keep V8's defaults: their CPU is PostgreSQL's on a shared box.
 */
export function v8FlagsFor(argv: readonly string[]): string[] {
  const [command, ...args] = argv
  if (command === 'chat') return ['--optimize-for-size']
  if (command !== 'start') return []
  try {
    const { roles } = parseRoleFlag(args)
    if (!roles.has('bot')) return []
    return roles.size === 1 ? ['--optimize-for-size', '--no-opt'] : ['--optimize-for-size']
  } catch {
    // A bad --role is main's to report.
    return []
  }
}

/** Sets the flags for this command line now. */
export function tuneEarly(argv: readonly string[]): void {
  for (const flag of v8FlagsFor(argv)) setFlagsFromString(flag)
}
