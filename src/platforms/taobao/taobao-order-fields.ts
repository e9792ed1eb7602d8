import { z } from 'zod'
import { yuanToFen } from '../../money/fen.js'
import { parseTopTime } from './taobao-fields.js'

// TOP sends absent values as "" or null as often as it leaves them out.
const blankToUndefined = (value: unknown): unknown => (value === '' || value === null ? undefined : value)

/**
 * An order number (trade_id, trade_parent_id: 19 digits). TOP sends them as
 * strings; a JSON number past 2^53 has already lost digits, so it is refused.
 */
export const orderNumber = z.union([
  z.string().trim().regex(/^\d{1,30}$/, 'expected a numeric order number'),
  z.number().int().nonnegative().refine(Number.isSafeInteger, 'order number too long for a JSON number').transform(String),
])

/** The encrypted string item id (numeric in old rows). */
export const itemId = z.union([z.string().trim().min(1), z.number().int().nonnegative().transform(String)])

/** A numeric code (tk_status, refund_status) as a number or a numeric string. */
export const statusCode = z.union([z.number().int(), z.string().trim().regex(/^-?\d{1,4}$/).transform(Number)])

export const quantity = z.union([z.number(), z.string().trim().regex(/^\d{1,6}$/).transform(Number)]).pipe(z.number().int().min(1))

/**
 * A non-negative 元 amount ("12.3", "12.30", 12.3) → integer fen, rounded
 * half-up at the fen ("0.005" → 1). Exponents ("1e2"), signs and anything
 * else `yuanToFen` cannot read make the row invalid.
 */
export const yuanAmount = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const fen = yuanToFen(value)
  if (fen === null || fen < 0) {
    ctx.addIssue({ code: 'custom', message: `expected a non-negative yuan amount, got ${JSON.stringify(value)}` })
    return z.NEVER
  }
  return fen
})

export const optionalYuanAmount = z.preprocess(blankToUndefined, yuanAmount.optional())

/** A TOP time (GMT+8 `yyyy-MM-dd HH:mm:ss`) → Date. */
export const topTime = z.string().transform((value, ctx) => {
  const date = parseTopTime(value)
  if (!date) {
    ctx.addIssue({ code: 'custom', message: `expected a time like 2026-01-31 23:59:59, got ${JSON.stringify(value)}` })
    return z.NEVER
  }
  return date
})

export const optionalTopTime = z.preprocess(blankToUndefined, topTime.optional())

/** relation_id / special_id: numbers in TOP's field list, "" or absent when the order has none. */
export const optionalId = z.preprocess(
  blankToUndefined,
  z.union([z.string().trim().min(1), z.number().int().nonnegative().transform(String)]).optional(),
)

/** Why a row failed its schema, in one line for the log. */
export function rowIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`)
    .join('; ')
}
