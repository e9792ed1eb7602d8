import type { BenchRow } from './bench-row.js'
import { parseLinks } from '../src/links/parse-links.js'

const MESSAGES = 100_000
const LINK_SHARE = 0.1
const TIMED_RUNS = 5

/** mulberry32: a tiny seeded PRNG, so every run parses the same stream. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const CHATTER = [
  '你好，在吗',
  '收到，谢谢！',
  '今天天气不错，出去走走？',
  '晚上一起吃饭吗？我请客',
  '哈哈哈哈哈',
  '这个多少钱啊',
  '我已经下单了，明天就到',
  '群里有人用过这个牌子吗？效果怎么样',
  '老板，能便宜点吗？',
  '好的👌',
  '明天几点开会？',
  '刚下班，累死了😩',
  '周末去爬山，有人一起吗',
  '红包已收到🧧，感谢老板',
  '这个价格比上次便宜了10块',
  '16:06 到站了，出口见',
  '订单号 230512345678901 还没发货',
  '我的手机号是13812345678，到了打我电话',
  'ok',
  'see you tomorrow',
  'Thanks! That works for me.',
  'Did you get the package yet?',
  'lol 😂😂',
  'Meeting moved to 3:30 (room B).',
  'I paid $20 for it, not $100$ lol',
  'Price is ¥39.9 now, was ¥59.9 last week.',
  'Check the docs at the usual place.',
  'Can someone recommend a good (cheap) keyboard?',
  "'; DROP TABLE users; --",
  '👍👍👍',
  '🎉🎉 生日快乐！🎂',
  '在开会，稍后回复。',
  'JavaScript (TypeScript) is fine, use whatever.',
  '买了两件，一件送人了',
  '快递小哥说放驿站了',
]

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)]
  if (item === undefined) throw new Error('empty pool')
  return item
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

function linkMessage(random: () => number): string {
  const digits = (n: number): string =>
    String(1 + Math.floor(random() * 9)) + Array.from({ length: n - 1 }, () => Math.floor(random() * 10)).join('')
  const token = (n: number): string => Array.from({ length: n }, () => pick(random, [...BASE62])).join('')
  const forms = [
    () => `https://item.taobao.com/item.htm?id=${digits(12)}`,
    () => `看看这个 https://detail.tmall.com/item.htm?spm=a230r.1.14.16&id=${digits(12)}&ns=1 怎么样`,
    () => `【淘宝】https://m.tb.cn/h.${token(15)}?tk=${token(11)} MF6563 「保温杯女士316不锈钢」\n点击链接直接打开 或者 淘宝搜索直接打开`,
    () => `復制这段描述￥${token(11)}￥后咑閞👉淘♂寳♀👈`,
    () => `1復制( CZ3457 ${token(11)})打开tao寳抢购/`,
    () => `https://item.jd.com/${digits(12)}.html`,
    () => `【京东】https://3.cn/${token(2)}-${token(5)}「小米充电宝 20000mAh」点击链接直接打开`,
    () => `https://u.jd.com/${token(7)}`,
    () => `https://mobile.yangkeduo.com/goods2.html?goods_id=${digits(12)}&page_from=23`,
    () => `拼一下 https://p.pinduoduo.com/${token(8)} 谢谢`,
    () => `两个都要：item.jd.com/${digits(12)}.html 和 https://item.jd.com/${digits(12)}.html`,
  ]
  return pick(random, forms)()
}

function chatterMessage(random: () => number): string {
  const parts = 1 + Math.floor(random() * 3)
  let text = ''
  for (let i = 0; i < parts; i++) text += pick(random, CHATTER)
  return random() < 0.02 ? text.repeat(8) : text
}

/** The deterministic mixed stream: 90% ordinary chatter, 10% links and share texts of every kind. */
export function benchMessages(): string[] {
  const random = seededRandom(20_240_601)
  return Array.from({ length: MESSAGES }, () => (random() < LINK_SHARE ? linkMessage(random) : chatterMessage(random)))
}

function parseAll(messages: readonly string[]): number {
  let found = 0
  for (const text of messages) found += parseLinks(text).length
  return found
}

/** Messages per second `parseLinks` handles on one core, median of several runs after a warm-up pass. */
export async function benchParser(): Promise<BenchRow[]> {
  const messages = benchMessages()
  parseAll(messages)
  const rates: number[] = []
  for (let run = 0; run < TIMED_RUNS; run++) {
    const started = performance.now()
    parseAll(messages)
    rates.push(messages.length / ((performance.now() - started) / 1000))
  }
  rates.sort((a, b) => a - b)
  return [
    {
      name: 'parser throughput (100k msgs, 90% chatter)',
      value: Math.round(rates[Math.floor(rates.length / 2)] ?? 0),
      unit: 'msgs/s',
      target: 300_000,
      better: 'higher',
    },
  ]
}
