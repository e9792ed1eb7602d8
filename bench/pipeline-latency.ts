import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { startMockBot } from '../bots/mock-bot.js'
import { rebatePlugin } from '../bots/rebate-plugin.js'
import { puppetSender } from '../bots/reply-sender.js'
import { chatDeps } from '../src/chat/chat-deps.js'
import { handleChat } from '../src/chat/chat.service.js'
import { loadConfig } from '../src/config.js'
import type { DatabaseHandle } from '../src/db/create-db.js'
import { createPlatforms } from '../src/platforms/create-platforms.js'
import { startSimulator } from '../src/simulator/simulator-server.js'
import type { BenchRow } from './bench-row.js'

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
export async function benchPipeline(database: DatabaseHandle, label: string): Promise<BenchRow[]> {
  const config = loadConfig({ LOG_LEVEL: 'silent' })
  const sim = await startSimulator({ port: 0 })
  const chat = chatDeps(config, { db: database.db, platforms: createPlatforms(config, sim) })
  const bot = await startMockBot(
    (tracker) => rebatePlugin({ answer: (input) => handleChat(chat, input), sender: puppetSender, tracker }),
    join(mkdtempSync(join(tmpdir(), 'rebate-bench-')), 'bot'),
  )
  const users = Array.from({ length: 50 }, (_, i) => bot.contact(`shopper${i}`))
  const samples: number[] = []
  try {
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const started = performance.now()
      const replies = await bot.say(users[i % users.length] ?? bot.self, messageFor(i))
      const elapsed = performance.now() - started
      if (replies.length !== 1) throw new Error(`message ${i} got ${replies.length} replies`)
      if (i >= WARMUP) samples.push(elapsed)
    }
  } finally {
    await bot.stop()
    await sim.close()
  }
  samples.sort((a, b) => a - b)
  const round = (n: number): number => Math.round(n * 100) / 100
  return [
    { name: `link→reply p50 (${label})`, value: round(percentile(samples, 50)), unit: 'ms', target: null, better: 'lower' },
    { name: `link→reply p99 (${label})`, value: round(percentile(samples, 99)), unit: 'ms', target: 25, better: 'lower' },
  ]
}
