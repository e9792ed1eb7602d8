/**
 * ASCII character classes for the URL scanner, as a lookup table: the
 * scanner walks every candidate character by character, and a table keeps
 * that walk linear and branch-light.
 */
const HOST = 1
const URL = 2
const EMBED = 4
const TRAIL = 8

const table = new Uint8Array(128)
function mark(chars: string, flag: number): void {
  for (const c of chars) {
    const code = c.charCodeAt(0)
    table[code] = (table[code] ?? 0) | flag
  }
}
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
mark(`${ALNUM}.-`, HOST)
// RFC 3986 characters minus the ones that wrap links in chat: ' ( ) [ ] are
// far more often brackets and quotes around a link than part of one.
mark(`${ALNUM}-._~:/?#@!$&*+,;=%`, URL)
// Before a host or scheme these mean the link is a piece of a larger URL or
// token (`?u=https://…`, `evil.com@item.jd.com`), not a link of its own.
mark('=&?/%#@+_', EMBED)
// Sentence punctuation that follows a link rather than belonging to it.
mark('.,;:!?*$&#', TRAIL)

function has(code: number, flag: number): boolean {
  return code < 128 && ((table[code] ?? 0) & flag) !== 0
}

export const isHostChar = (code: number): boolean => has(code, HOST)
export const isUrlChar = (code: number): boolean => has(code, URL)
export const isEmbedChar = (code: number): boolean => has(code, EMBED)
export const isTrailChar = (code: number): boolean => has(code, TRAIL)
