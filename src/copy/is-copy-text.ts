import { findCopySpans } from '../links/find-copy-spans.js'
import { SCENE_CODE } from '../links/find-share-codes.js'

/**
 * Whether 推送's text is a copy (words around its links, or a 口令 inside a
 * sentence) rather than bare links: a copy is pushed as written, bare links
 * become deal cards. Digits, punctuation and the scene codes of share texts
 * (`CZ3457`) are not words. Text without any link is not a copy (推送's usage
 * answers it).
 */
export function isCopyText(text: string): boolean {
  const spans = findCopySpans(text)
  if (spans.length === 0) return false
  let rest = ''
  let at = 0
  for (const span of spans) {
    rest += `${text.slice(at, span.start)} `
    at = span.end
  }
  rest += text.slice(at)
  return /\p{L}/u.test(rest.replace(SCENE_CODE, ' '))
}
