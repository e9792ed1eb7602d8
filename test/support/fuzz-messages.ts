import { LINK_CASES } from '../fixtures/link-cases.js'

/**
 * Deterministic hostile chat messages for the fuzz test and the fuzz bench.
 * Message `index` of run `seed` depends on nothing else, so a failure
 * reported as (seed, index) reproduces with `fuzzMessage(seed, index)` alone.
 */

export type FuzzCategory = 'unicode' | 'control' | 'near-miss' | 'huge' | 'command' | 'share-code' | 'real-link' | 'operator' | 'owner'

export interface FuzzMessage {
  readonly index: number
  readonly category: FuzzCategory
  readonly text: string
}

/**
 * Per-mille weights; `huge` is rare on purpose (each is 100 KB–1 MB).
 * `operator` and `owner` are never drawn: the driver asks for them for
 * the operator's and group owners' messages (only theirs reach those paths).
 */
const WEIGHTS: readonly (readonly [FuzzCategory, number])[] = [
  ['unicode', 230],
  ['control', 170],
  ['near-miss', 200],
  ['command', 230],
  ['share-code', 160],
  ['real-link', 9.8],
  ['huge', 0.2],
]
const TOTAL_WEIGHT = WEIGHTS.reduce((sum, [, w]) => sum + w, 0)

export type Rng = () => number

/** mulberry32: a tiny 32-bit PRNG, plenty for test inputs and identical on every machine. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The one message `index` of run `seed`. */
export function fuzzMessage(seed: number, index: number, only?: FuzzCategory): FuzzMessage {
  const rng = mulberry32(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35))
  const category = only ?? pickCategory(rng)
  return { index, category, text: GENERATORS[category](rng) }
}

/** Messages `0 … count-1` of run `seed`, lazily (a 100,000-message run never sits in memory at once). */
export function* fuzzMessages(seed: number, count: number, only?: FuzzCategory): Generator<FuzzMessage> {
  for (let i = 0; i < count; i++) yield fuzzMessage(seed, i, only)
}

function pickCategory(rng: Rng): FuzzCategory {
  let roll = rng() * TOTAL_WEIGHT
  for (const [category, weight] of WEIGHTS) {
    roll -= weight
    if (roll < 0) return category
  }
  return 'unicode'
}

const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1))
function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)]
  if (item === undefined) throw new Error('pick from an empty list')
  return item
}
const repeat = (rng: Rng, min: number, max: number, part: () => string): string => Array.from({ length: int(rng, min, max) }, part).join('')

// ——— random Unicode ———

const RTL = ['\u05E9\u05DC\u05D5\u05DD', '\u0645\u0631\u062D\u0628\u0627', '\u202E\u0645\u0631\u062D\u0628\u0627\u202C', '\u0627\u0644\u0633\u0639\u0631 \u0661\u0662\u0663']
const EMOJI = [
  '😀', '👍🏽', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇨🇳', '🇺🇸', '❤️', '🧑🏿‍🚀', '#️⃣', '🔑', '💰', '🛒', '👉', '♂', '♀', '\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}',
]
/** Strings JS allows that are not well-formed UTF-16: lone and reversed surrogates. */
const SURROGATES = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uDC00\uD800', '\uD83D', 'a\uD83Db', '\uDE00\uD83D']
const ODD = ['\uFFFE', '\uFFFF', '\uFFFD', '\u{10FFFF}', '\u{E0001}', '\uFE0F', '\u0301\u0301\u0301\u0301', 'Z\u0336\u0335\u0334\u0337', '\u{1D400}', '\u3000', '\u2028', '\u2029', '\u0085']

/** A code point from any plane, unpaired surrogates included (JS strings can hold them). */
function anyCodePoint(rng: Rng): string {
  const plane = rng() < 0.7 ? 0 : rng() < 0.6 ? 1 : int(rng, 2, 16)
  const cp = plane * 0x10000 + int(rng, 0, 0xffff)
  if (cp >= 0xd800 && cp <= 0xdfff) return String.fromCharCode(cp)
  return String.fromCodePoint(cp)
}

function unicode(rng: Rng): string {
  return repeat(rng, 1, 40, () => {
    const r = rng()
    if (r < 0.45) return anyCodePoint(rng)
    if (r < 0.6) return pick(rng, EMOJI)
    if (r < 0.7) return pick(rng, RTL)
    if (r < 0.8) return pick(rng, SURROGATES)
    if (r < 0.9) return pick(rng, ODD)
    return pick(rng, ['你好', '在吗', '这个多少钱', '谢谢', ' ', '\n', '优惠券', '返利'])
  })
}

// ——— control, zero-width and bidi characters inside words and links ———

const INVISIBLE = ['\u0000', '\u0001', '\u0007', '\b', '\u000B', '\f', '\r', '\u001B', '\u007F', '\u0085', '\u009F', '\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u202A', '\u202E', '\u2060', '\u2066', '\u2069', '\uFEFF', '\u00AD', '\u180E', '\u034F', '\t', '\r\n']

function sprinkle(rng: Rng, text: string, rate: number): string {
  let out = ''
  for (const ch of text) {
    out += ch
    if (rng() < rate) out += repeat(rng, 1, 3, () => pick(rng, INVISIBLE))
  }
  return out
}

function control(rng: Rng): string {
  const base = rng() < 0.5 ? pick(rng, [...COMMAND_WORDS, ...GROUP_WORDS, '你好', '绑定订单 123456789012345678']) : nearMiss(rng)
  if (rng() < 0.2) return repeat(rng, 1, 30, () => pick(rng, INVISIBLE))
  return sprinkle(rng, base, rng() * 0.6)
}

// ——— near-miss links and hosts ———

const EVIL_HOSTS = [
  'item.taobao.com.evil.example', 'detail.tmall.com.cn', 'jd.com.cn', 'item.jd.com.attacker.io', 'yangkeduo.com.example', 'taobao.co', 'tao-bao.com',
  'xn--item-taobao-com.example', 'xn--fiqs8s.com', 'itern.taobao.com', 'item.taobao.corn', 'item.jd.co', 'mobile.yangkeduo.cn', 'm.tb.cn.evil.example',
  'u.jd.com.example', '3.cn.evil.com', 'p.pinduoduo.com.evil', 'e.tb.cn@evil.example', 'ıtem.taobao.com', 'item.taobao。com', 'ｉｔｅｍ.ｊｄ.ｃｏｍ',
]

function bigNumber(rng: Rng): string {
  return pick(rng, ['', '-1', '0', '-0', '1e309', 'NaN', 'Infinity', '0x1F', '00000000000', '１２３４５６７８９０１２', String(int(rng, 1, 9)).repeat(int(rng, 20, 400)), '9223372036854775808', '12.5', '1,234'])
}

function nearMiss(rng: Rng): string {
  const id = rng() < 0.5 ? bigNumber(rng) : String(int(rng, 1, 999_999_999_999))
  const forms: (() => string)[] = [
    () => `https://${pick(rng, EVIL_HOSTS)}/item.htm?id=${id}`,
    () => `https://${pick(rng, EVIL_HOSTS)}/${id}.html`,
    () => pick(rng, ['https://m.tb.cn/', 'https://m.tb.cn/h.', 'http://e.tb.cn/h.?tk=', 'https://u.jd.com/', 'https://3.cn/', 'https://p.pinduoduo.com/', 'https://s.click.taobao.com/']),
    () => `https://mobile.yangkeduo.com/goods.html?goods_id=${id}`,
    () => `yangkeduo.com/goods.html?goods_id=${id}&goods_id=${bigNumber(rng)}`,
    () => `https://item.jd.com/${id}.html`,
    () => `https://item.taobao.com/item.htm?id=${id}`,
    () => `https://user:pass@item.taobao.com/item.htm?id=${id}`,
    () => `https://item.taobao.com@evil.example/item.htm?id=${id}`,
    () => `https://item.jd.com:${pick(rng, ['0', '443', '80', '65536', '99999', '-1', ''])}/${id}.html`,
    () => `https://item.taobao.com/item.htm?id=${pick(rng, ['%', '%%', '%zz', '%E4%B8', '%00', '%2', '%FF%FE', '%C0%AF'])}${id}`,
    () => `https%3A%2F%2Fitem.jd.com%2F${id}.html${pick(rng, ['%', '%2', '%ZZ', ''])}`,
    () => Array.from({ length: 10 }, (_, i) => `https://item.jd.com/10003800435${i}.html`).join(' '),
    () => Array.from({ length: 10 }, () => `https://${pick(rng, EVIL_HOSTS)}/${int(rng, 1, 9e11)}`).join(''),
    () => `http:// https://item.jd.com/.html item.taobao.com/item.htm?id=abc ${pick(rng, ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd'])}`,
    () => `https://item.taobao.com/item.htm?id=${id}#${'#'.repeat(int(rng, 0, 50))}`,
    () => `【淘宝】https://m.tb.cn/h.${repeat(rng, 0, 20, () => pick(rng, ['a', 'Z', '9', '%', '/', '?']))}?tk=${pick(rng, ['', '￥', 'short', 'x'.repeat(300)])} ${pick(rng, ['CZ0001', 'MF', 'HU12345', ''])}`,
    () => `https://${'a.'.repeat(int(rng, 50, 300))}taobao.com/item.htm?id=${id}`,
  ]
  return pick(rng, forms)()
}

// ——— huge lines ———

function huge(rng: Rng): string {
  const size = int(rng, 100_000, 1_000_000)
  const unit = pick(rng, ['哈', 'a', '👍🏽', 'https://item.jd.com/100038004359.html ', '￥E1UAbOaNcw', '\u200B', ' ', '提现 ', `${pick(rng, EVIL_HOSTS)}/`])
  const body = unit.repeat(Math.ceil(size / unit.length)).slice(0, size)
  return rng() < 0.5 ? body : `${body}\n${pick(rng, LINKS)}`
}

// ——— commands with junk arguments ———

/** Every command word `routeText` knows (src/chat/route-text.ts), with and without the slash some users type. */
const COMMAND_WORDS = [
  '帮助', '菜单', '命令', 'help', 'HELP', '?', '？', '余额', '余额查询', '查询余额', '我的余额', '订单', '我的订单', '订单查询', '查询订单', '绑定订单',
  '认领订单', '邀请', '邀请码', '推广', '绑定', '绑定邀请码', '提现', '提现记录', '提现状态', '待审核', '通过', '拒绝', '推送', '发单报表',
]
/** The group owner's words (src/groups/group-command.ts). */
const GROUP_WORDS = ['开启返利', '关闭返利', '定时发单', '发单类目', '暂停发单', '恢复发单', '发单设置']

const JUNK_ARGS = [
  '-1', '0', '0.001', '1e309', '1e-7', '０.００１', '１０', 'NaN', 'Infinity', '-0', '00', '.5', '5.', '1.234', '¥', '￥-5', '10元元', '9999999', '10000000', '1000001',
  "' OR 1=1 --", '"; DROP TABLE users; --', '\\', '%s%s%s', '${process.env}', '{{7*7}}', '<script>alert(1)</script>', 'null', 'undefined', '[object Object]',
  '99999999999999999999', '999999999999999999', '9223372036854775807', '9223372036854775808', '1', '1 ', '1 原因', '1 \u0000', '2', '3 😀', '5 重复申请', '8 \u202E原因', 'abc', 'K7M2QX', 'k7m2qx', 'ＫＡＢＣＤＥ',
  '0000000000', '1'.repeat(200), '260101-' + '1'.repeat(15), '260101-' + '1'.repeat(16), '123456-', '-', '——', ':', '：', ',', '=', '09:00', '25:61', '24:00,24:00',
  '09:00,'.repeat(40), '*/1 * * * *', '0 0 31 2 *', 'every 1s', '美妆,数码,不存在的类目', '全部', '', ' ', '\n\n', '😀', '\uD800', '\u202E1',
]

/**
 * A rejection reason is shown to the user who asked: a reason reading
 * `undefined` would be the operator's words, not a leak, so the fuzz
 * checks could not tell them apart. The operator's reasons avoid those words.
 */
const QUOTABLE_JUNK = JUNK_ARGS.filter((a) => !/undefined|null|NaN|\[object Object\]/.test(a))

function command(rng: Rng): string {
  const word = rng() < 0.15 ? pick(rng, GROUP_WORDS) : pick(rng, COMMAND_WORDS)
  const prefix = pick(rng, ['', '', '', '/', '／', ' '])
  const args = rng() < 0.2 ? '' : repeat(rng, 1, 3, () => pick(rng, JUNK_ARGS)) + (rng() < 0.1 ? pick(rng, LINKS) : '')
  const gap = pick(rng, [' ', ' ', '', ':', '：', ',', '=', '\u3000', '  '])
  const text = `${prefix}${word}${gap}${args}`
  if (word === '绑定订单' && rng() < 0.3) return `${word}${'1234567890'.repeat(20)}`
  if (word === '推送' && rng() < 0.4) return `推送 ${rng() < 0.5 ? nearMiss(rng) : unicode(rng)}`
  return text
}

// ——— 口令 look-alikes ———

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function shareCode(rng: Rng): string {
  const token = repeat(rng, 0, 20, () => pick(rng, [...BASE62]))
  const [open, close] = pick(rng, [['￥', '￥'], ['¥', '¥'], ['€', '€'], ['$', '$'], ['(', ')'], ['（', '）'], ['((', '))'], ['/', '/'], ['《', '》'], ['#', '#'], ['!', '!'], ['🔑', '🔑'], ['￥', '€'], ['₳', ':'], ['', '://'], ['¢', '¢'], ['£', '£']] as const)
  const body = pick(rng, [token, token.toLowerCase(), token.toUpperCase(), '1'.repeat(token.length), 'abc', `${token}${pick(rng, ['🔑', '\u200B', '￥', ''])}${token}`])
  const scene = rng() < 0.3 ? ` ${pick(rng, ['CZ', 'HU', 'MF', 'FU', 'ZH'])}${int(rng, 0, 99999)} ` : ''
  const wrap = pick(rng, ['{}', '復制这段描述{}后咑閞👉淘♂寳♀👈', '【淘宝】{} 「商品」点击链接直接打开', '{}{}{}', '{} 还有 {}'])
  return wrap.replaceAll('{}', `${scene}${open}${body}${close}`)
}

// ——— a few real convertible links (they reach the platform simulator) ———

const LINKS: readonly string[] = LINK_CASES.filter((c) => c.expect.length > 0).map((c) => c.text)

function realLink(rng: Rng): string {
  const link = pick(rng, LINKS)
  return rng() < 0.3 ? sprinkle(rng, link, 0.05) : link
}

// ——— what only an operator or a group owner can do ———

/** 通过/拒绝/待审核 aimed at real withdrawal ids (the fuzz test seeds a few pending ones) with junk around them. */
function operator(rng: Rng): string {
  if (rng() < 0.2) return pick(rng, ['待审核', '余额', '提现记录', '帮助'])
  const word = pick(rng, ['通过', '拒绝', '拒绝', '/通过', '／拒绝'])
  const id = rng() < 0.7 ? String(int(rng, 1, 24)) : pick(rng, JUNK_ARGS)
  const reason = rng() < 0.3 ? '' : pick(rng, [...QUOTABLE_JUNK, '重复申请', '😀'.repeat(int(rng, 1, 20)), unicode(rng).slice(0, 30)])
  return `${word}${pick(rng, [' ', '：', ',', '  '])}${id} ${reason}`
}

/** 推送 with real, broken and several links, and 发单报表, from a group owner. */
function owner(rng: Rng): string {
  if (rng() < 0.2) return pick(rng, ['发单报表', '/发单报表', `发单报表 ${pick(rng, JUNK_ARGS)}`])
  if (rng() < 0.2) return command(rng)
  const what = pick(rng, [() => pick(rng, LINKS), () => realLink(rng), () => nearMiss(rng), () => shareCode(rng), () => Array.from({ length: int(rng, 2, 8) }, () => pick(rng, LINKS)).join(' '), () => pick(rng, JUNK_ARGS)])()
  return `${pick(rng, ['推送', '推送 ', '/推送 ', '推送：', '推送\n'])}${what}`
}

const GENERATORS: Readonly<Record<FuzzCategory, (rng: Rng) => string>> = {
  unicode,
  control,
  'near-miss': nearMiss,
  huge,
  command,
  'share-code': shareCode,
  'real-link': realLink,
  operator,
  owner,
}
