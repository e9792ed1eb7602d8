import type { CopySpan } from './copy-span.js'
import type { ParsedLink } from './parsed-link.js'
import { classifyUrl } from './classify-url.js'
import { findShareCodes } from './find-share-codes.js'
import { isEmbedChar, isTrailChar, isUrlChar } from './url-chars.js'

/** `http://`, `https://`, and their percent-encoded forms (a link pasted out of another link's query). */
const SCHEME = /https?:\/\/|https?%3a%2f%2f/gi
const PLAIN_SCHEME = /^https?:\/\//i

/**
 * A host written without a scheme and followed by a path (`u.jd.com/abc`,
 * `t.cn/A6x`, `www.example.com/p`): chat apps make these clickable too. The
 * TLD must be letters, so `1.5/2` is not one; what stands before must not be
 * part of a larger token.
 */
const BARE_HOST = /(?<![A-Za-z0-9._~%=&?#@+\/-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})\.)+[A-Za-z]{2,24}\//g

/** Enough for every base62 token a 线报 copy can carry; findShareCodes dedupes, so this bounds distinct 口令. */
const MAX_CODES = 1_000

/** Signs a 淘口令 may be wrapped in; the wrapping goes with the token, as our 淘口令 brings its own. */
const CODE_WRAPPERS = '￥¥€$¢₳₴₤¤£/()（）《》!！#:'

/**
 * Every URL and 淘口令 in a copy text, in order, non-overlapping, with where
 * each starts and ends — including the URLs the product parser rejects, so
 * the rewriter can make sure none of them survives. Pure; about linear in
 * the text (1 MB in a fraction of a second). 口令 are looked for in the first
 * MAX_SCAN_CHARS only, as for a pasted message: callers bound the copy's
 * length well below that (转链: MAX_COPY_CHARS).
 */
export function findCopySpans(text: string): CopySpan[] {
  const urls = findUrlSpans(text)
  const codes = withShareLinks(findCodeSpans(text, urls), urls)
  const spans = [...urls, ...codes].sort((a, b) => a.start - b.start)
  // `￥AbC123dEfG￥XyZ456hIjK￥`: two tokens share the middle sign; it stays with the first.
  let previousEnd = 0
  return spans.map((span) => {
    const start = Math.max(span.start, previousEnd)
    previousEnd = span.end
    return start === span.start ? span : { ...span, start }
  })
}

function findUrlSpans(text: string): CopySpan[] {
  const spans: CopySpan[] = []
  const starts: { start: number; scheme: boolean; encoded: boolean }[] = []
  SCHEME.lastIndex = 0
  for (let m = SCHEME.exec(text); m !== null; m = SCHEME.exec(text)) starts.push({ start: m.index, scheme: true, encoded: m[0].includes('%') })
  BARE_HOST.lastIndex = 0
  for (let m = BARE_HOST.exec(text); m !== null; m = BARE_HOST.exec(text)) starts.push({ start: m.index, scheme: false, encoded: false })
  starts.sort((a, b) => a.start - b.start)
  let covered = 0
  for (const candidate of starts) {
    if (candidate.start < covered) continue
    const end = urlEnd(text, candidate.start)
    if (end <= candidate.start) continue
    covered = end
    const raw = text.slice(candidate.start, end)
    const url = candidate.encoded ? safeDecode(raw) : candidate.scheme ? raw : `https://${raw}`
    const link = classifyUrl(url)
    spans.push(link ? { kind: 'link', start: candidate.start, end, form: 'url', link } : { kind: 'foreign', start: candidate.start, end })
  }
  return spans
}

/**
 * Where a URL starting at `start` ends: the run of URL characters, cut where
 * a second link begins (two links pasted back to back), without the
 * sentence punctuation that follows a link. A scheme inside the query
 * (`go?u=https://item.jd.com/…`) does not cut: a redirect wrapping a product
 * is one foreign URL, since where it really leads is the other side's to say.
 */
function urlEnd(text: string, start: number): number {
  // One walk that stops at the cut: a run of back-to-back links costs its length once, not once per link.
  let end = start
  while (end < text.length && isUrlChar(text.charCodeAt(end))) {
    if (end > start && isSchemeAt(text, end) && !isEmbedChar(text.charCodeAt(end - 1))) break
    end++
  }
  while (end > start && isTrailChar(text.charCodeAt(end - 1))) end--
  return end
}

/**
 * Every occurrence of every 淘口令 the share-code scanner accepts, outside
 * the URL spans. A wrapped token takes its wrapping signs with it
 * (`￥AbC123dEfG￥` as a whole) when both sides are wrap signs.
 */
function findCodeSpans(text: string, urls: readonly CopySpan[]): CopySpan[] {
  const spans: CopySpan[] = []
  for (const found of findShareCodes(text, MAX_CODES)) {
    const { link } = found
    if (!('kind' in link) || link.kind !== 'code') continue
    for (let at = text.indexOf(link.code); at >= 0; at = text.indexOf(link.code, at + link.code.length)) {
      const tokenEnd = at + link.code.length
      if (isBase62At(text, at - 1) || isBase62At(text, tokenEnd)) continue
      const wrapped = CODE_WRAPPERS.includes(text[at - 1] ?? '\n') && CODE_WRAPPERS.includes(text[tokenEnd] ?? '\n')
      const start = wrapped ? at - 1 : at
      const end = wrapped ? tokenEnd + 1 : tokenEnd
      if (overlapsAny(urls, start, end)) continue
      spans.push({ kind: 'link', start, end, form: 'code', link })
    }
  }
  return spans
}

/**
 * A Taobao share text carries its 口令 twice, as `m.tb.cn/h.…?tk=CODE` and as
 * the bare token: the token is then the same link as the short link, so the
 * two are converted once and both replaced by the same result.
 */
function withShareLinks(codes: CopySpan[], urls: readonly CopySpan[]): CopySpan[] {
  const byToken = new Map<string, ParsedLink>()
  for (const span of urls) {
    if (span.kind !== 'link' || span.link.platform !== 'taobao' || !('kind' in span.link) || span.link.kind !== 'short') continue
    const token = tkParam(span.link.url)
    if (token !== undefined) byToken.set(token, span.link)
  }
  if (byToken.size === 0) return codes
  return codes.map((span) => {
    if (span.kind !== 'link' || !('kind' in span.link) || span.link.kind !== 'code') return span
    const link = byToken.get(span.link.code)
    return link === undefined ? span : { ...span, link }
  })
}

function tkParam(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get('tk') ?? undefined
  } catch {
    return undefined
  }
}

/** Whether [start, end) overlaps one of `spans` (sorted, non-overlapping): a binary search, as a copy may hold many of both. */
function overlapsAny(spans: readonly CopySpan[], start: number, end: number): boolean {
  let lo = 0
  let hi = spans.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((spans[mid]?.end ?? 0) <= start) lo = mid + 1
    else hi = mid
  }
  const first = spans[lo]
  return first !== undefined && first.start < end
}

function isSchemeAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at)
  return (c === 0x68 || c === 0x48) && PLAIN_SCHEME.test(text.slice(at, at + 8))
}

function isBase62At(text: string, at: number): boolean {
  const c = text.charCodeAt(at)
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}
