import { convertLinks, type ConversionDeps } from '../conversions/conversion.service.js'
import type { ConversionOutcome } from '../conversions/conversion-outcome.js'
import type { CopySpan } from '../links/copy-span.js'
import { findCopySpans } from '../links/find-copy-spans.js'
import type { ParsedLink } from '../links/parsed-link.js'
import { replaceSpans, type Replacement } from '../links/replace-spans.js'
import type { ChatIdentity } from '../users/user.service.js'
import { MAX_COPY_CHARS, MAX_COPY_LINKS, type CopyProblem, type CopyRewriteOutcome } from './copy-rewrite-outcome.js'
import { TOO_MANY_MARK, UNCONVERTIBLE_MARK } from './copy-rewrite.text.js'

export interface CopyRewriteRequest extends ChatIdentity {
  readonly roomId?: string | undefined
  readonly copy: string
}

/**
 * 转链: the copy with every link and 口令 in it replaced by the sender's own
 * link, or by a marker where that cannot be done. Each distinct link is
 * converted once through the ordinary conversion path (same conversion rows,
 * short links and rebate quotes as a pasted link); nothing else in the copy
 * changes. No URL that is not ours is left in the result.
 */
export async function rewriteCopy(deps: ConversionDeps, request: CopyRewriteRequest): Promise<CopyRewriteOutcome> {
  const copy = request.copy.trim()
  if (copy === '') return { kind: 'empty' }
  if (copy.length > MAX_COPY_CHARS) return { kind: 'too-long', maxChars: MAX_COPY_CHARS }
  const spans = findCopySpans(copy)
  if (spans.length === 0) return { kind: 'no-links' }

  const distinct = new Map<string, ParsedLink>()
  for (const span of spans) {
    if (span.kind === 'link' && !distinct.has(keyOf(span.link))) distinct.set(keyOf(span.link), span.link)
  }
  const toConvert = [...distinct.values()].slice(0, MAX_COPY_LINKS)
  const outcomes = await convertLinks(deps, { ...request, text: copy, links: toConvert })
  const byKey = new Map<string, ConversionOutcome>(toConvert.map((link, i) => [keyOf(link), outcomes[i] as ConversionOutcome]))

  const problems: CopyProblem[] = []
  let position = 0
  const text = replaceSpans(copy, spans, (span): Replacement => {
    position++
    if (span.kind === 'foreign') {
      problems.push({ kind: 'foreign', position })
      return { text: UNCONVERTIBLE_MARK, isLink: false }
    }
    const outcome = byKey.get(keyOf(span.link))
    if (outcome === undefined) return { text: TOO_MANY_MARK, isLink: false }
    if (!outcome.ok) {
      problems.push({
        kind: 'failed',
        position,
        platform: span.link.platform,
        form: span.form,
        failure: outcome.failure,
        authorizationUrl: outcome.authorizationUrl,
      })
      return { text: UNCONVERTIBLE_MARK, isLink: false }
    }
    return ourLink(span, outcome)
  })
  const converted = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.promotion] : []))
  return { kind: 'rewritten', text, problems, notConverted: distinct.size - toConvert.length, maxLinks: MAX_COPY_LINKS, converted }
}

function keyOf(link: ParsedLink): string {
  return JSON.stringify(link)
}

/**
 * The landing page when there is one (LANDING_PAGES=on); else a 淘口令 stays
 * a 淘口令 (ours, when Taobao gave one) and a URL becomes our promo link.
 */
function ourLink(span: Extract<CopySpan, { kind: 'link' }>, outcome: Extract<ConversionOutcome, { ok: true }>): Replacement {
  if (outcome.landingUrl) return { text: outcome.landingUrl, isLink: true }
  const { tpwd, promoUrl } = outcome.promotion
  if (span.form === 'code' && tpwd) return { text: tpwd, isLink: false }
  return { text: promoUrl, isLink: true }
}
