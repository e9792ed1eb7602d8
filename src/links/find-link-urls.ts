import type { FoundLink } from './found-link.js'
import { classifyUrl } from './classify-url.js'
import { MAX_SCAN_CHARS, MAX_URL_LENGTH } from './scan-window.js'
import { isEmbedChar, isHostChar, isTrailChar, isUrlChar } from './url-chars.js'

/**
 * Every allow-listed host ends in one of these, so a message without one has
 * no link to us and costs one regex scan. Hosts are checked exactly later;
 * this only finds where to look.
 */
const HOST_KEYWORD = /taobao\.com|tmall\.(?:com|hk)|tb\.cn|jd\.(?:com|hk)|3\.cn|yangkeduo\.com|pinduoduo\.com/gi
const NEXT_SCHEME = /https?:\/\/|https?%3a%2f%2f/i
const MAX_HOST_LENGTH = 253

interface Candidate {
  readonly start: number
  /** End of the run of URL characters; scanning resumes here. */
  readonly end: number
  /** Absolute URL to classify, undefined when the run is not a link of its own. */
  readonly url: string | undefined
}

/** Product URLs in `text`, in order, deduplicated, at most `max`. */
export function findLinkUrls(text: string, max: number): FoundLink[] {
  const found: FoundLink[] = []
  const seen = new Set<string>()
  // Spam repeats one URL thousands of times; parse each distinct one once.
  const tried = new Set<string>()
  HOST_KEYWORD.lastIndex = 0
  for (let m = HOST_KEYWORD.exec(text); m !== null && m.index < MAX_SCAN_CHARS; m = HOST_KEYWORD.exec(text)) {
    const candidate = candidateAt(text, m.index)
    HOST_KEYWORD.lastIndex = Math.max(candidate.end, m.index + m[0].length)
    if (candidate.url === undefined || tried.has(candidate.url)) continue
    tried.add(candidate.url)
    const link = classifyUrl(candidate.url)
    if (link === undefined) continue
    const key = JSON.stringify(link)
    if (seen.has(key)) continue
    seen.add(key)
    found.push({ index: candidate.start, link })
    if (found.length === max) break
  }
  return found
}

function candidateAt(text: string, keyword: number): Candidate {
  let hostStart = keyword
  while (hostStart > 0 && isHostChar(text.charCodeAt(hostStart - 1))) {
    if (keyword - hostStart >= MAX_HOST_LENGTH) return { start: hostStart, end: runEnd(text, keyword), url: undefined }
    hostStart--
  }
  const prefix = linkPrefix(text, hostStart)
  const start = prefix?.start ?? hostStart
  const end = runEnd(text, keyword)
  if (prefix === undefined || end - start > MAX_URL_LENGTH) return { start, end, url: undefined }
  const cut = nextSchemeAt(text, start, end)
  let last = cut
  while (last > keyword && isTrailChar(text.charCodeAt(last - 1))) last--
  const raw = text.slice(start, last)
  const url = prefix.encoded ? safeDecode(raw) : prefix.scheme ? raw : `https://${raw}`
  return { start, end: cut, url }
}

interface Prefix {
  readonly start: number
  readonly scheme: boolean
  readonly encoded: boolean
}

/**
 * Where the link starts, given where its host starts: at an `http(s)://`
 * (or percent-encoded `https%3A%2F%2F`) scheme, or at the host itself.
 * Undefined when the host is glued into something larger: a path, a query
 * value, userinfo, or a scheme other than http(s).
 */
function linkPrefix(text: string, hostStart: number): Prefix | undefined {
  if (hostStart === 0) return { start: 0, scheme: false, encoded: false }
  const before = text.charCodeAt(hostStart - 1)
  let prefix: Prefix
  if (before === 0x2f /* / */) {
    const length = startsWithAt(text, hostStart - 8, 'https://') ? 8 : startsWithAt(text, hostStart - 7, 'http://') ? 7 : 0
    if (length === 0) return undefined
    prefix = { start: hostStart - length, scheme: true, encoded: false }
  } else if (before === 0x25 /* % */) {
    // The host walk took the `2F` of the last `%2F` for host characters.
    const host = hostStart + 2
    if (!startsWithAt(text, hostStart - 1, '%2f')) return undefined
    const length = startsWithAt(text, host - 14, 'https%3a%2f%2f') ? 14 : startsWithAt(text, host - 13, 'http%3a%2f%2f') ? 13 : 0
    if (length === 0) return undefined
    prefix = { start: host - length, scheme: true, encoded: true }
  } else {
    return isEmbedChar(before) ? undefined : { start: hostStart, scheme: false, encoded: false }
  }
  return prefix.start > 0 && isEmbedChar(text.charCodeAt(prefix.start - 1)) ? undefined : prefix
}

function runEnd(text: string, from: number): number {
  let end = from
  while (end < text.length && isUrlChar(text.charCodeAt(end))) end++
  return end
}

/** Two links pasted back to back without a space: the second scheme ends the first. */
function nextSchemeAt(text: string, start: number, end: number): number {
  const next = text.slice(start + 1, end).search(NEXT_SCHEME)
  return next < 0 ? end : start + 1 + next
}

function startsWithAt(text: string, at: number, lowerLiteral: string): boolean {
  return at >= 0 && text.slice(at, at + lowerLiteral.length).toLowerCase() === lowerLiteral
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}
