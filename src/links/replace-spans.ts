import type { CopySpan } from './copy-span.js'
import { isUrlChar } from './url-chars.js'

/** What goes where a span was: a link (kept apart from what touches it, so it stays clickable) or plain text. */
export interface Replacement {
  readonly text: string
  readonly isLink: boolean
}

/**
 * The copy with each span replaced by what `replace` gives for it (`spans`
 * sorted and non-overlapping, as findCopySpans returns them); everything between spans —
 * wording, line breaks, emoji — is kept byte for byte. A link glued to URL
 * characters (`7￥…￥/` becoming `7https://…/`) would read as one longer
 * URL, so a space is put between them.
 */
export function replaceSpans<S extends CopySpan>(text: string, spans: readonly S[], replace: (span: S) => Replacement): string {
  const parts: string[] = []
  let at = 0
  for (const span of spans) {
    const replacement = replace(span)
    parts.push(text.slice(at, span.start))
    const before = span.start > 0 && replacement.isLink && isUrlChar(text.charCodeAt(span.start - 1)) ? ' ' : ''
    const after = span.end < text.length && replacement.isLink && isUrlChar(text.charCodeAt(span.end)) ? ' ' : ''
    parts.push(before, replacement.text, after)
    at = span.end
  }
  parts.push(text.slice(at))
  return parts.join('')
}
