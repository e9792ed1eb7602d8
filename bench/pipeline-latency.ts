import cron from 'node-cron'
import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { startMockBot } from '../bots/mock-bot.js'
import { startOutboxConsumer, type OutboxConsumer } from '../bots/outbox-consumer.js'
import { outboxSender } from '../bots/outbox-sender.js'
import { rebatePlugin } from '../bots/rebate-plugin.js'
import { puppetSender, type ReplySender } from '../bots/reply-sender.js'
import { chatDeps } from '../src/chat/chat-deps.js'
import { handleChat } from '../src/chat/chat.service.js'
import { loadConfig } from '../src/config.js'
import type { DatabaseHandle } from '../src/db/create-db.js'
import { createOutbox } from '../src/outbox/outbox.js'
import { createPlatforms } from '../src/platforms/create-platforms.js'
import { createRedisConnection } from '../src/queue/redis-connection.js'
import { SimState } from '../src/simulator/sim-state.js'
import { startSimulator } from '../src/simulator/simulator-server.js'
import type { BenchRow } from './bench-row.js'
import { refusePush } from './refuse-push.js'
import { dropOutbox } from './drop-outbox.js'

const WARMUP = 100
const SAMPLES = 2000

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

function messageFor(i: number): string {
  const key = String(300_000_000_000 + i * 7)
  switch (i % 4) {
    case 0:
      return `https://item.jd.com/${key}.html`
    case 1:
      return `https://mobile.yangkeduo.com/goods.html?goods_id=${key}`
    case 2:
      return `https://detail.tmall.com/item.htm?id=${key}`
    default:
      return `【淘宝】https://m.tb.cn/h.Bench${i}xyzQ?tk=XUymWKIqxIz MF6563 「测试商品${i}」\n点击链接直接打开`
  }
}

/**
 * Link → reply latency through the whole pipeline: a message enters Wechaty
 * on the mock puppet, is parsed, converted by the real adapters over HTTP
 * against the in-process simulator, recorded in the database, rendered and
 * sent back through the puppet.
 */
export async function benchPipeline(database: DatabaseHandle, label: string, redisUrl?: string): Promise<BenchRow[]> {
  const config = loadConfig({ LOG_LEVEL: 'silent' })
  // Pipeline overhead only: every shopper counts as having done PDD 授权备案.
  const sim = await startSimulator({ port: 0, state: new SimState({ settings: { pddUserAuthorization: false } }) })
  const chat = chatDeps(config, { db: database.db, platforms: createPlatforms(config, sim), push: refusePush, queuePictures: refusePush, validateCron: (expression) => cron.validate(expression) })
  // With Redis, replies take the production road: the outbox (no pacing gap, so only the pipeline is timed).
  const outboxRoad = redisUrl ? await outboxRoadFor(redisUrl) : undefined
  const bot = await startMockBot(
    (tracker) =>
      rebatePlugin({
        answer: (input) => handleChat(chat, input),
        sender: (wechaty) => {
          if (!outboxRoad) return puppetSender(wechaty)
          void outboxRoad.consume(puppetSender(wechaty))
          return outboxSender(outboxRoad.outbox)
        },
        tracker,
      }),
    join(mkdtempSync(join(tmpdir(), 'rebate-bench-')), 'bot'),
  )
  const users = Array.from({ length: 50 }, (_, i) => bot.contact(`shopper${i}`))
  const samples: number[] = []
  try {
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const started = performance.now()
      const before = bot.sent.length
      await bot.say(users[i % users.length] ?? bot.self, messageFor(i))
      while (bot.sent.length === before) await new Promise((done) => setImmediate(done))
      const elapsed = performance.now() - started
      if (i >= WARMUP) samples.push(elapsed)
    }
  } finally {
    await bot.stop()
    await outboxRoad?.close()
    await sim.close()
  }
  samples.sort((a, b) => a - b)
  const round = (n: number): number => Math.round(n * 100) / 100
  return [
    { name: `link→reply p50 (${label}${redisUrl ? ', via outbox' : ''})`, value: round(percentile(samples, 50)), unit: 'ms', target: null, better: 'lower' },
    { name: `link→reply p99 (${label}${redisUrl ? ', via outbox' : ''})`, value: round(percentile(samples, 99)), unit: 'ms', target: 25, better: 'lower' },
  ]
}

async function outboxRoadFor(redisUrl: string) {
  const prefix = `bench-reply-${randomUUID().slice(0, 8)}`
  const producer = createRedisConnection(redisUrl)
  const consumerConnection = createRedisConnection(redisUrl)
  const outbox = createOutbox({ connection: producer, prefix, account: 'bench' })
  let consumer: OutboxConsumer | undefined
  return {
    outbox,
    consume: async (sender: ReplySender) => {
      consumer = await startOutboxConsumer({ connection: consumerConnection, prefix, account: 'bench', sender, minGapMs: 0, jitterMs: 0 })
    },
    close: async () => {
      await consumer?.close()
      await outbox.close()
      await dropOutbox(producer, prefix, 'bench')
      await producer.quit()
      await consumerConnection.quit()
    },
  }
}
