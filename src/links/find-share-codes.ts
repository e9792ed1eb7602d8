import type { FoundLink } from './found-link.js'
import type { CodeContext } from './share-code-token.js'
import { isPlausibleCode } from './share-code-token.js'
import { MAX_SCAN_CHARS } from './scan-window.js'

/** Signs the 淘口令 formats wrap tokens in; either side may use a different one. */
const STRONG_SYMBOLS = '￥¥€$¢₳₴₤¤£'
const WEAK_SYMBOLS = '/()（）《》!！#:'
const SYMBOLS = STRONG_SYMBOLS + WEAK_SYMBOLS

/** A symbol, then a base62 run of 8–14 that is not part of a longer run. */
const WRAPPED = new RegExp(`[${SYMBOLS.replace(/[\\\]^-]/g, '\\$&')}]([A-Za-z0-9]{8,14})(?![A-Za-z0-9])`, 'g')

/**
 * Scene codes of the 2020+ share texts (`CZ3457`, `MF6563`, `ZH9102`):
 * the token sits right before or after one, separated by a space or slash.
 */
export const SCENE_CODE = /(?<![A-Za-z0-9])(?:CZ|HU|MF|FU|ZH)[0-9]{3,4}(?![A-Za-z0-9])/g
const SCENE_GAP_AFTER = ' \u3000\t\n/·,，'
const SCENE_GAP_BEFORE = `${SCENE_GAP_AFTER}:${SYMBOLS}`
const MAX_SCENE_GAP = 5

/** How far back we look to decide whether a token sits inside a URL. */
const MAX_URL_LOOKBACK = 256

interface CodeHit {
  readonly index: number
  readonly code: string
}

/** 淘口令 tokens in `text`, in order, deduplicated, at most `max`. */
export function findShareCodes(text: string, max: number): FoundLink[] {
  const wrapped = new CodeHits(max)
  WRAPPED.lastIndex = 0
  for (let m = WRAPPED.exec(text); m !== null && m.index < MAX_SCAN_CHARS && !wrapped.full(); m = WRAPPED.exec(text)) {
    const token = m[1] ?? ''
    const start = m.index + 1
    const context = wrappedContext(text, m.index, start + token.length)
    if (context !== undefined) wrapped.add(text, start, token, context)
  }
  const besideScene = new CodeHits(max)
  SCENE_CODE.lastIndex = 0
  for (let m = SCENE_CODE.exec(text); m !== null && m.index < MAX_SCAN_CHARS && !besideScene.full(); m = SCENE_CODE.exec(text)) {
    const start = tokenAfter(text, m.index + m[0].length) ?? tokenBefore(text, m.index)
    if (start !== undefined) besideScene.add(text, start, tokenAt(text, start), 'strong')
  }
  return mergeInOrder(wrapped.hits, besideScene.hits, max)
}

/** Unique plausible codes in the order one scanner met them, at most `max`. */
class CodeHits {
  readonly hits: CodeHit[] = []
  readonly #seen = new Set<string>()
  constructor(readonly max: number) {}

  full(): boolean {
    return this.hits.length >= this.max
  }

  add(text: string, start: number, code: string, context: CodeContext): void {
    if (this.#seen.has(code) || !isPlausibleCode(code, context) || insideUrl(text, start)) return
    this.#seen.add(code)
    this.hits.push({ index: start, code })
  }
}

function wrappedContext(text: string, left: number, right: number): CodeContext | undefined {
  const after = text[right]
  if (after === undefined || !SYMBOLS.includes(after)) return undefined
  const before = text[left] ?? ''
  const strong =
    STRONG_SYMBOLS.includes(before) ||
    STRONG_SYMBOLS.includes(after) ||
    (after === ':' && text.startsWith('//', right + 1)) ||
    (before === '(' && text[left - 1] === '(')
  return strong ? 'strong' : 'weak'
}

/**
 * Whether the ASCII chunk right before a token is a URL (`https://x.com/`,
 * `x.com/p/`, `?a=`): URL paths are full of base62 runs between slashes.
 */
function insideUrl(text: string, start: number): boolean {
  let from = start
  while (from > 0 && start - from < MAX_URL_LOOKBACK) {
    const c = text.charCodeAt(from - 1)
    if (c <= 0x20 || c >= 0x7f) break
    from--
  }
  if (start - from >= MAX_URL_LOOKBACK) return true
  const chunk = text.slice(from, start)
  return chunk.includes('://') || chunk.includes('=') || (chunk.includes('.') && chunk.includes('/'))
}

function isBase62(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)
}

function tokenAt(text: string, start: number): string {
  let end = start
  while (end < text.length && isBase62(text.charCodeAt(end))) end++
  return text.slice(start, end)
}

function tokenAfter(text: string, from: number): number | undefined {
  let i = from
  while (i < text.length && i - from < MAX_SCENE_GAP && SCENE_GAP_AFTER.includes(text[i] ?? '')) i++
  return i > from && i < text.length && isBase62(text.charCodeAt(i)) ? i : undefined
}

function tokenBefore(text: string, to: number): number | undefined {
  let i = to
  while (i > 0 && to - i < MAX_SCENE_GAP && SCENE_GAP_BEFORE.includes(text[i - 1] ?? '')) i--
  if (i === to) return undefined
  let start = i
  while (start > 0 && i - start <= 14 && isBase62(text.charCodeAt(start - 1))) start--
  return start < i ? start : undefined
}

function mergeInOrder(a: readonly CodeHit[], b: readonly CodeHit[], max: number): FoundLink[] {
  const seen = new Set<string>()
  const out: FoundLink[] = []
  for (const hit of [...a, ...b].sort((x, y) => x.index - y.index)) {
    if (seen.has(hit.code)) continue
    seen.add(hit.code)
    out.push({ index: hit.index, link: { platform: 'taobao', kind: 'code', code: hit.code } })
    if (out.length === max) break
  }
  return out
}
