import { convertLinks, type ConversionDeps } from '../conversions/conversion.service.js'
import type { ConversionOutcome } from '../conversions/conversion-outcome.js'
import type { CopySpan } from '../links/copy-span.js'
import { findCopySpans } from '../links/find-copy-spans.js'
import type { ParsedLink } from '../links/parsed-link.js'
import { replaceSpans, type Replacement } from '../links/replace-spans.js'
import type { ChatIdentity } from '../users/user.service.js'
import { MAX_COPY_CHARS, MAX_COPY_LINKS, type ConvertedCopy, type CopyConversion, type CopyProblem, type CopyRewriteOutcome } from './copy-rewrite-outcome.js'
import { TOO_MANY_MARK, UNCONVERTIBLE_MARK } from './copy-rewrite.text.js'

export interface CopyRewriteRequest extends ChatIdentity {
  readonly roomId?: string | undefined
  readonly copy: string
  /** 'push' when an owner converts a copy for their groups (推送, relay): owner attribution, group-owner share. */
  readonly purpose?: 'reply' | 'push'
}

/** A converted link of the copy and the span it replaces: what the replacement is chosen from. */
export type LinkSpan = Extract<CopySpan, { kind: 'link' }>
export type ConvertedLink = Extract<ConversionOutcome, { ok: true }>
export type ChooseLink = (span: LinkSpan, outcome: ConvertedLink) => Replacement

/**
 * 转链: the copy with every link and 口令 in it replaced by the sender's own
 * link, or by a marker where that cannot be done. Each distinct link is
 * converted once through the ordinary conversion path (same conversion rows,
 * short links and rebate quotes as a pasted link); nothing else in the copy
 * changes. No URL that is not ours is left in the result.
 */
export async function rewriteCopy(deps: ConversionDeps, request: CopyRewriteRequest): Promise<CopyRewriteOutcome> {
  const conversion = await convertCopy(deps, request)
  if (conversion.kind !== 'converted') return conversion
  const { problems, notConverted, maxLinks, converted } = conversion
  return { kind: 'rewritten', text: renderCopy(conversion, ourLink), problems, notConverted, maxLinks, converted }
}

/**
 * The conversion step of a copy: every distinct link (up to MAX_COPY_LINKS)
 * converted once, and the parts that could not be. Rendering is separate
 * (renderCopy) so one conversion can become many texts: a fan-out gives each
 * group its own landing links from the same conversions.
 */
export async function convertCopy(deps: ConversionDeps, request: CopyRewriteRequest): Promise<CopyConversion> {
  const read = readCopy(request.copy)
  if (read.kind !== 'spans') return read
  const { copy, spans } = read

  const distinct = new Map<string, ParsedLink>()
  for (const span of spans) {
    if (span.kind === 'link' && !distinct.has(keyOf(span.link))) distinct.set(keyOf(span.link), span.link)
  }
  const toConvert = [...distinct.values()].slice(0, MAX_COPY_LINKS)
  const outcomes = await convertLinks(deps, { ...request, text: copy, links: toConvert })
  const byKey = new Map<string, ConversionOutcome>(toConvert.map((link, i) => [keyOf(link), outcomes[i] as ConversionOutcome]))

  const problems: CopyProblem[] = []
  spans.forEach((span, i) => {
    const position = i + 1
    if (span.kind === 'foreign') {
      problems.push({ kind: 'foreign', position })
      return
    }
    const outcome = byKey.get(keyOf(span.link))
    if (outcome !== undefined && !outcome.ok) {
      problems.push({ kind: 'failed', position, platform: span.link.platform, form: span.form, failure: outcome.failure, authorizationUrl: outcome.authorizationUrl })
    }
  })
  const converted = outcomes.flatMap((outcome) => (outcome.ok ? [outcome] : []))
  return {
    kind: 'converted',
    copy,
    spans,
    outcomeOf: (link) => byKey.get(keyOf(link)),
    problems,
    notConverted: distinct.size - toConvert.length,
    maxLinks: MAX_COPY_LINKS,
    converted: converted.map((outcome) => outcome.promotion),
    conversions: converted,
  }
}

/**
 * The converted copy as text: each converted link replaced by what `choose`
 * gives for it, every other span by its marker; everything between spans is
 * kept as written.
 */
export function renderCopy(conversion: ConvertedCopy, choose: ChooseLink): string {
  return replaceSpans(conversion.copy, conversion.spans, (span): Replacement => {
    if (span.kind === 'foreign') return { text: UNCONVERTIBLE_MARK, isLink: false }
    const outcome = conversion.outcomeOf(span.link)
    if (outcome === undefined) return { text: TOO_MANY_MARK, isLink: false }
    if (!outcome.ok) return { text: UNCONVERTIBLE_MARK, isLink: false }
    return choose(span, outcome)
  })
}

/** A copy as converting reads it: trimmed, within the length limit, with its links; or why there is nothing to convert. */
function readCopy(raw: string): Exclude<CopyConversion, { kind: 'converted' }> | { readonly kind: 'spans'; readonly copy: string; readonly spans: readonly CopySpan[] } {
  const copy = raw.trim()
  if (copy === '') return { kind: 'empty' }
  if (copy.length > MAX_COPY_CHARS) return { kind: 'too-long', maxChars: MAX_COPY_CHARS }
  const spans = findCopySpans(copy)
  return spans.length === 0 ? { kind: 'no-links' } : { kind: 'spans', copy, spans }
}

/** Whether converting this text could find anything to convert (no platform call, no I/O). */
export function mayBeCopy(raw: string): boolean {
  return readCopy(raw).kind === 'spans'
}

function keyOf(link: ParsedLink): string {
  return JSON.stringify(link)
}

/**
 * The landing page when there is one (LANDING_PAGES=on); else a 淘口令 stays
 * a 淘口令 (ours, when Taobao gave one) and a URL becomes our promo link.
 */
export function ourLink(span: LinkSpan, outcome: ConvertedLink): Replacement {
  if (outcome.landingUrl) return { text: outcome.landingUrl, isLink: true }
  const { tpwd, promoUrl } = outcome.promotion
  if (span.form === 'code' && tpwd) return { text: tpwd, isLink: false }
  return { text: promoUrl, isLink: true }
}
