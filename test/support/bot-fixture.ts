import cron from 'node-cron'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startMockBot, type MockBot } from '../../bots/mock-bot.js'
import { rebatePlugin } from '../../bots/rebate-plugin.js'
import { puppetSender } from '../../bots/reply-sender.js'
import { chatDeps } from '../../src/chat/chat-deps.js'
import { handleChat, type ChatDeps } from '../../src/chat/chat.service.js'
import { loadConfig } from '../../src/config.js'
import type { Outbox } from '../../src/outbox/outbox.js'
import { followingPictures, pushOutboxMessage } from '../../src/outbox/push-outbox-message.js'
import type { DatabaseHandle } from '../../src/db/create-db.js'
import { createPlatforms } from '../../src/platforms/create-platforms.js'
import { setLogSink } from '../../src/shared/log.js'
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator-server.js'
import { openPrivateDatabase, openTestDatabase, preferredBackend } from './test-databases.js'

export interface BotFixture {
  readonly bot: MockBot
  readonly sim: RunningSimulator
  readonly database: DatabaseHandle
  readonly chat: ChatDeps
  /** Operator log lines written while the fixture ran. */
  readonly logs: string[]
  /**
   * What the chat service queued as pushes and notices (the outbox's side is tested on its own): a push's stored
   * pictures sent before it, and pictures queued to follow a copy (`follows`: the copy's key; no text).
   */
  readonly queued: { kind: 'push' | 'notification' | 'pictures'; to: string; text: string; key: string; slot?: string; pictureIds?: readonly string[]; follows?: string }[]
  close(): Promise<void>
}

/**
 * The whole pipeline as `npm start` wires it — Wechaty on the mock puppet,
 * the chat service, a migrated database, the real adapters talking HTTP to
 * an in-process simulator — with fast retry settings for failure tests.
 * `privateDatabase` gives the fixture a database of its own, for tests that
 * count every row (other test files write to the shared one meanwhile);
 * `outbox` puts pushes on a real outbox too (a test consuming it sees them sent).
 */
export async function startBotFixture(env: Record<string, string> = {}, options: { privateDatabase?: boolean; outbox?: Outbox } = {}): Promise<BotFixture> {
  const logs: string[] = []
  setLogSink((line) => logs.push(line))
  // Replies carry the raw promo links these tests read, unless a test turns landing pages on.
  const config = loadConfig({ PLATFORM_TIMEOUT_MS: '400', PLATFORM_RETRY_BASE_MS: '1', LANDING_PAGES: 'off', ...env })
  const database = await (options.privateDatabase ? openPrivateDatabase : openTestDatabase)(preferredBackend())
  const sim = await startSimulator({ port: 0, timeoutFaultMs: 2000 })
  const queued: BotFixture['queued'] = []
  const chat: ChatDeps = chatDeps(config, {
    db: database.db,
    platforms: createPlatforms(config, sim),
    push: async (to, text, key, _imageUrl, slot, pictureIds) => {
      const pictures = pictureIds && pictureIds.length > 0 ? { pictureIds: [...pictureIds] } : {}
      queued.push({ kind: 'push', to, text, key, ...(slot ? { slot } : {}), ...pictures })
      await options.outbox?.enqueue(pushOutboxMessage({ roomId: to, text, pushSlot: slot, pictureIds }), key)
    },
    queuePictures: async (pictures) => {
      for (const p of pictures) {
        queued.push({ kind: 'pictures', to: p.conversationId, text: '', key: p.dedupeKey, pictureIds: p.pictureIds, follows: p.follows })
        await options.outbox?.enqueue(followingPictures(p), p.dedupeKey)
      }
    },
    validateCron: (expression) => cron.validate(expression),
  })
  const dir = mkdtempSync(join(tmpdir(), 'rebate-bot-test-'))
  const bot = await startMockBot(
    (tracker) => rebatePlugin({ answer: (input) => handleChat(chat, input), sender: puppetSender, tracker, account: config.queue.account }),
    join(dir, 'bot'),
  )
  return {
    bot,
    sim,
    database,
    chat,
    logs,
    queued,
    close: async () => {
      await bot.stop()
      await sim.close()
      await database.close()
    },
  }
}
