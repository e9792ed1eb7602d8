import cron from 'node-cron'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startMockBot } from '../bots/mock-bot.js'
import { rebatePlugin } from '../bots/rebate-plugin.js'
import { puppetSender } from '../bots/reply-sender.js'
import { chatDeps } from '../src/chat/chat-deps.js'
import { handleChat } from '../src/chat/chat.service.js'
import { loadConfig } from '../src/config.js'
import type { DatabaseHandle } from '../src/db/create-db.js'
import { createPlatforms } from '../src/platforms/create-platforms.js'
import { setLogLevel, setLogSink } from '../src/shared/log.js'
import { startSimulator } from '../src/simulator/simulator-server.js'
import { FUZZ_OPERATOR_ID, fuzzMoney, judgeOutgoing, runFuzz } from '../test/support/fuzz-run.js'
import type { BenchRow } from './bench-row.js'

const MESSAGES = 100_000
const SEED = 20_261_123

/**
 * The fuzz test at the size the issue asks for: 100,000 generated hostile
 * messages through the real pipeline (Wechaty on the mock puppet, the chat
 * service, the real adapters against the simulator), direct and in groups,
 * every reply checked. Reports throughput and failures (target 0); the
 * first failures are printed with the seed and index that reproduce them.
 */
export async function benchFuzz(database: DatabaseHandle, label: string): Promise<BenchRow[]> {
  const config = loadConfig({ LOG_LEVEL: 'silent', OPERATOR_IDS: FUZZ_OPERATOR_ID, PLATFORM_TIMEOUT_MS: '400', PLATFORM_RETRY_BASE_MS: '1' })
  const sim = await startSimulator({ port: 0 })
  const queued: string[] = []
  const chat = chatDeps(config, {
    db: database.db,
    platforms: createPlatforms(config, sim),
    push: async (_to, text) => void queued.push(text),
    queuePictures: async () => undefined,
    validateCron: (expression) => cron.validate(expression),
  })
  const bot = await startMockBot(
    (tracker) => rebatePlugin({ answer: (input) => handleChat(chat, input), sender: puppetSender, tracker }),
    join(mkdtempSync(join(tmpdir(), 'rebate-bench-fuzz-')), 'bot'),
  )
  // An ERROR line in the operator log counts as a failure, so the log is read (not printed) while the run goes.
  const logs: string[] = []
  setLogSink((line) => logs.push(line))
  setLogLevel('error')
  try {
    const prepare = fuzzMoney({ db: database.db, ...chat.withdrawals })
    const result = await runFuzz(bot, { seed: SEED, count: MESSAGES, logs, prepare })
    // Notices and pushes are chat messages too; what users typed may be quoted in them, so only the unexplainable is counted.
    // Decisions' notices wait in the notice outbox (no relay runs in the bench).
    for (const notice of await database.db.selectFrom('notice_outbox').select('text').execute()) queued.push(notice.text)
    const badQueued = queued.flatMap((text) => judgeOutgoing(text, 'undefined NaN null [object Object]').map((problem) => `${problem}: ${text.slice(0, 200)}`))
    const failures = result.failures.length + badQueued.length
    process.stdout.write(`fuzz: ${result.messages} messages on ${label} in ${result.seconds.toFixed(1)} s, ${queued.length} notices and pushes, ${failures} failures\n`)
    for (const failure of result.failures.slice(0, 10)) {
      process.stdout.write(`fuzz failure: seed ${failure.seed} index ${failure.index} (${failure.category}, ${failure.where}): ${failure.reason}\n`)
    }
    for (const line of badQueued.slice(0, 10)) process.stdout.write(`fuzz failure in a queued message: ${line}\n`)
    return [
      { name: 'fuzz: messages/s', value: Math.round(result.messages / result.seconds), unit: 'msg/s', target: null, better: 'higher' },
      { name: 'fuzz: failures', value: failures, unit: 'count', target: 0, better: 'lower' },
    ]
  } finally {
    setLogLevel('silent')
    setLogSink((line) => process.stderr.write(line + '\n'))
    await bot.stop()
    await sim.close()
  }
}
