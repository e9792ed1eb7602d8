import { z } from 'zod'
import { yuanToFen } from '../../money/fen.js'

// TOP sends absent values as "" or null as often as it leaves them out.
const blankToUndefined = (value: unknown): unknown => (value === '' || value === null ? undefined : value)
const scalar = z.union([z.string(), z.number()])

function converted(what: string, convert: (value: string | number) => number | null) {
  return scalar.transform((value, ctx) => {
    const out = convert(value)
    if (out === null) {
      ctx.addIssue({ code: 'custom', message: `expected ${what}, got ${JSON.stringify(value)}` })
      return z.NEVER
    }
    return out
  })
}

/** A yuan amount ("19.90", 19.9) → integer fen. */
export const yuanFen = converted('a yuan amount', yuanToFen)
// Hundredths of a percent are basis points: the same decimal math as yuan → fen.
/** A percent ("15.50" = 15.5%) → basis points. */
export const percentBp = converted('a percent', yuanToFen)
/** An amount already in fen (promotion_price), as an integer or integer string. */
export const integerFen = converted('an integer amount in fen', (value) =>
  /^\d{1,12}$/.test(String(value).trim()) ? Number(String(value).trim()) : null,
)

export const optionalText = z.preprocess(blankToUndefined, scalar.transform(String).optional())
export const optionalYuanFen = z.preprocess(blankToUndefined, yuanFen.optional())
export const optionalPercentBp = z.preprocess(blankToUndefined, percentBp.optional())
export const optionalIntegerFen = z.preprocess(blankToUndefined, integerFen.optional())
export const optionalCount = z.preprocess(blankToUndefined, z.coerce.number().int().optional())

/** TOP time (`yyyy-MM-dd HH:mm:ss` or `yyyy-MM-dd`, always GMT+8) → Date; undefined when unreadable. */
export function parseTopTime(value: string | undefined): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value?.trim() ?? '')
  if (!match) return undefined
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = match
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}+08:00`)
  return Number.isNaN(date.getTime()) ? undefined : date
}

/** TOP returns many links protocol-relative (`//img.alicdn.com/…`). */
export function absoluteUrl(url: string): string {
  return url.startsWith('//') ? `https:${url}` : url
}
