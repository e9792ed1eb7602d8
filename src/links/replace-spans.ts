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
  let out = ''
  let linkJustEnded = false
  const append = (piece: string, isLink: boolean): void => {
    if (piece === '') return
    const touching = isUrlChar(piece.charCodeAt(0)) && out !== '' && isUrlChar(out.charCodeAt(out.length - 1))
    if (touching && (isLink || linkJustEnded)) out += ' '
    out += piece
    linkJustEnded = isLink
  }
  let at = 0
  for (const span of spans) {
    append(text.slice(at, span.start), false)
    const replacement = replace(span)
    append(replacement.text, replacement.isLink)
    at = span.end
  }
  append(text.slice(at), false)
  return out
}
