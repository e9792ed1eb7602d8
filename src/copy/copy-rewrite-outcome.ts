import type { ConversionFailure, ConversionOutcome } from '../conversions/conversion-outcome.js'
import type { CopySpan } from '../links/copy-span.js'
import type { ParsedLink, Platform } from '../links/parsed-link.js'
import type { Promotion } from '../platforms/platform.js'

/** A copy longer than this is answered with one line and nothing converted (a 线报 post is a few hundred characters). */
export const MAX_COPY_CHARS = 5_000
/** Distinct links converted from one copy; the rest are marked in place. */
export const MAX_COPY_LINKS = 20

/** A part of the copy replaced by a marker instead of our link; `position` counts every link and 口令 of the copy from 1. */
export type CopyProblem =
  | {
      readonly kind: 'failed'
      readonly position: number
      readonly platform: Platform
      readonly form: 'url' | 'code'
      readonly failure: ConversionFailure
      readonly authorizationUrl?: string | undefined
    }
  | { readonly kind: 'foreign'; readonly position: number }

export type CopyRewriteOutcome =
  | { readonly kind: 'empty' }
  | { readonly kind: 'too-long'; readonly maxChars: number }
  | { readonly kind: 'no-links' }
  | {
      readonly kind: 'rewritten'
      readonly text: string
      readonly problems: readonly CopyProblem[]
      /** Distinct links beyond MAX_COPY_LINKS, marked `[链接太多未转换]`. */
      readonly notConverted: number
      readonly maxLinks: number
      /** The promotions the copy's links became, one per distinct converted link (线报转发 filters and dedupes by them). */
      readonly converted: readonly Promotion[]
    }

/** A copy after its conversion step, before any rendering (copy-rewrite.service.ts#renderCopy). */
export interface ConvertedCopy {
  readonly kind: 'converted'
  /** The copy as converted (trimmed). */
  readonly copy: string
  readonly spans: readonly CopySpan[]
  /** A link's conversion; undefined for a link past MAX_COPY_LINKS. */
  readonly outcomeOf: (link: ParsedLink) => ConversionOutcome | undefined
  readonly problems: readonly CopyProblem[]
  readonly notConverted: number
  readonly maxLinks: number
  readonly converted: readonly Promotion[]
  /** The successful conversions, one per distinct converted link, in copy order. */
  readonly conversions: readonly Extract<ConversionOutcome, { ok: true }>[]
}

/** What converting a copy gave: the same early answers as 转链, or the converted copy. */
export type CopyConversion = Exclude<CopyRewriteOutcome, { kind: 'rewritten' }> | ConvertedCopy
