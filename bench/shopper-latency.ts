import cron from 'node-cron'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { startMockBot, type MockBot } from '../bots/mock-bot.js'
import { rebatePlugin } from '../bots/rebate-plugin.js'
import { puppetSender } from '../bots/reply-sender.js'
import { chatDeps } from '../src/chat/chat-deps.js'
import { handleChat } from '../src/chat/chat.service.js'
import { loadConfig } from '../src/config.js'
import type { DatabaseHandle } from '../src/db/create-db.js'
import { PLATFORMS, type Platform } from '../src/links/parsed-link.js'
import { createPlatforms } from '../src/platforms/create-platforms.js'
import { SimState } from '../src/simulator/sim-state.js'
import { startSimulator } from '../src/simulator/simulator-server.js'
import type { BenchRow } from './bench-row.js'
import { refusePush } from './refuse-push.js'

/** What a real gateway across the internet takes per call (the 150–250 ms). */
const PLATFORM_LATENCY = { min: 150, max: 250 }
const USERS_PER_PLATFORM = 10
const LINKS_PER_PLATFORM = 200
/** Ten shoppers of a platform at once, each waiting for their answer before the next link. */
const IN_FLIGHT = USERS_PER_PLATFORM

/** The forms shoppers paste most: item pages and app share texts, a fresh item each time. */
function linkFor(platform: Platform, i: number): string {
  const key = String(400_000_000_000 + i * 13)
  switch (platform) {
    case 'jd':
      return i % 2 === 0 ? `https://item.jd.com/${key}.html` : `https://item.m.jd.com/product/${key}.html`
    case 'pdd':
      return `https://mobile.yangkeduo.com/goods.html?goods_id=${key}`
    case 'taobao':
      return i % 2 === 0
        ? `https://item.taobao.com/item.htm?id=${key}`
        : `【淘宝】https://m.tb.cn/h.Shop${i}xyzQ?tk=Tk${String(i).padStart(9, '0')} MF6563 「测试商品${i}」\n点击链接直接打开`
  }
}

const CONVERTED = /购买链接|领券购买/
/** No answer within 30 s, or the catch-all apology: a defect, unlike a friendly "not in the program" line. */
const BROKEN = /^$|出了点小问题/

/**
 * The latency a shopper feels: a pasted link through the whole pipeline
 * (Wechaty on the mock puppet, parser, the real adapters over HTTP, the
 * database, the reply) while the simulator holds every platform call for
 * 150–250 ms like a real gateway. Caches are warm (the JD tier is known,
 * PDD 授权备案 checked), as they are for a bot that has been running.
 * Reports p50/p99 and the platform calls each link cost, per platform.
 */
export async function benchShopperLatency(database: DatabaseHandle, label: string): Promise<BenchRow[]> {
  const config = loadConfig({ LOG_LEVEL: 'silent' })
  const sim = await startSimulator({ port: 0, state: new SimState({ settings: { latencyMs: { ...PLATFORM_LATENCY } } }) })
  const chat = chatDeps(config, { db: database.db, platforms: createPlatforms(config, sim), push: refusePush, queuePictures: refusePush, validateCron: (expression) => cron.validate(expression) })
  const bot = await startMockBot(
    (tracker) => rebatePlugin({ answer: (input) => handleChat(chat, input), sender: (wechaty) => puppetSender(wechaty), tracker }),
    join(mkdtempSync(join(tmpdir(), 'rebate-bench-')), 'bot'),
  )
  const watch = new ReplyWatch(bot)
  const replyTo = (user: Parameters<ReplyWatch['replyTo']>[0], text: string): Promise<string> => watch.replyTo(user, text)
  const rows: BenchRow[] = []
  try {
    for (const platform of PLATFORMS) {
      const users = Array.from({ length: USERS_PER_PLATFORM }, (_, i) => bot.contact(`${platform}-shopper${i}`))
      // Warm-up: each shopper's first link (PDD answers it with the 授权 link), then PDD 授权备案 done, then one more link.
      await Promise.all(users.map((user, u) => replyTo(user, linkFor(platform, 1_000_000 + u))))
      if (platform === 'pdd') {
        const ids = users.map((u) => u.id)
        const rowsOf = await database.db.selectFrom('users').select('attribution_id').where('contact_id', 'in', ids).execute()
        for (const row of rowsOf) sim.state.pddAuthorized.add(row.attribution_id)
      }
      await Promise.all(users.map((user, u) => replyTo(user, linkFor(platform, 2_000_000 + u))))

      const callsBefore = sim.state.callsOf(platform)
      const samples: number[] = []
      let broken = 0
      let converted = 0
      let next = 0
      await Promise.all(
        users.slice(0, IN_FLIGHT).map(async (user) => {
          while (next < LINKS_PER_PLATFORM) {
            const i = next++
            const started = performance.now()
            const reply = await replyTo(user, linkFor(platform, i))
            // The simulator's catalog has items outside the program and expired links: only converted answers are timed.
            if (CONVERTED.test(reply)) {
              samples.push(performance.now() - started)
              converted++
            } else if (BROKEN.test(reply)) broken++
          }
        }),
      )
      const calls = sim.state.callsOf(platform) - callsBefore
      samples.sort((a, b) => a - b)
      const round = (n: number): number => Math.round(n * 10) / 10
      const tag = `${platform}, ${label}, platform ${PLATFORM_LATENCY.min}–${PLATFORM_LATENCY.max} ms`
      rows.push(
        { name: `shopper link→reply p50 (${tag})`, value: round(percentile(samples, 50)), unit: 'ms', target: null, better: 'lower' },
        { name: `shopper link→reply p99 (${tag})`, value: round(percentile(samples, 99)), unit: 'ms', target: 700, better: 'lower' },
        { name: `platform calls per link (${platform})`, value: round(calls / LINKS_PER_PLATFORM), unit: 'calls', target: null, better: 'lower' },
        { name: `links converted (${platform}, of ${LINKS_PER_PLATFORM}; the rest not in the program or expired)`, value: converted, unit: 'links', target: null, better: 'higher' },
        { name: `links unanswered or internal errors (${platform})`, value: broken, unit: 'links', target: 0, better: 'lower' },
      )
    }
  } finally {
    watch.stop()
    await bot.stop()
    await sim.close()
  }
  return rows
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

/** Resolves waiters with the bot's next message to their conversation, scanning only new sends. */
class ReplyWatch {
  readonly #waiters = new Map<string, (text: string) => void>()
  #seen = 0
  readonly #timer: NodeJS.Timeout

  constructor(private readonly bot: MockBot) {
    this.#timer = setInterval(() => this.#scan(), 1)
  }

  /** Says `text` as `user` and resolves with the bot's next message to that user ('' after 30 s). */
  replyTo(user: { id: string; say: MockBot['self']['say'] }, text: string): Promise<string> {
    return new Promise((resolve) => {
      const timeout = setTimeout(() => {
        this.#waiters.delete(user.id)
        resolve('')
      }, 30_000)
      this.#waiters.set(user.id, (reply) => {
        clearTimeout(timeout)
        resolve(reply)
      })
      user.say(text).to(this.bot.self)
    })
  }

  #scan(): void {
    const sent = this.bot.sent
    for (; this.#seen < sent.length; this.#seen++) {
      const message = sent[this.#seen]
      const waiter = message && this.#waiters.get(message.conversationId)
      if (!message || !waiter) continue
      this.#waiters.delete(message.conversationId)
      waiter(message.text)
    }
  }

  stop(): void {
    clearInterval(this.#timer)
  }
}
