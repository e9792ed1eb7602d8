import { findCopySpans } from '../links/find-copy-spans.js'
import { MAX_COPY_CHARS } from './copy-rewrite-outcome.js'
import { SCENE_CODE } from '../links/find-share-codes.js'

/**
 * Whether 推送's text is a copy (words around its links, or a 口令 inside a
 * sentence) rather than bare links: a copy is pushed as written, bare links
 * become deal cards. Digits, punctuation and the scene codes of share texts
 * (`CZ3457`) are not words. Text without any link is not a copy (推送's usage
 * answers it). A text past the copy limit is a copy without looking (the copy
 * path answers it is too long), so 1 MB is not scanned for links.
 */
export function isCopyText(text: string): boolean {
  if (text.length > MAX_COPY_CHARS) return true
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
