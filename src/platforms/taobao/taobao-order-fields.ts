import { z } from 'zod'
import { yuanToFen } from '../../money/fen.js'
import { parseTopTime } from './taobao-fields.js'

/**
 * TOP sends absent values as "", null or "--" (a captured order.details.get row:
 * `tk_deposit_time "--"`, `flow_source "--"`) as often as it leaves them out.
 */
export const blankToUndefined = (value: unknown): unknown =>
  value === null || (typeof value === 'string' && (value.trim() === '' || value.trim() === '--')) ? undefined : value

/**
 * An order number (trade_id, trade_parent_id: 19 digits). TOP sends them as
 * strings; the gateway body is parsed losslessly (parse-json.ts), so a JSON
 * number past 2^53 arrives as a string too. A number that did lose digits is refused.
 */
export const orderNumber = z.union([
  z.string().trim().regex(/^\d{1,30}$/, 'expected a numeric order number'),
  z.number().int().nonnegative().refine(Number.isSafeInteger, 'order number too long for a JSON number').transform(String),
])

/** The encrypted string item id; a JSON number in captured rows (old numeric ids). */
export const itemId = z.preprocess(
  blankToUndefined,
  z.union([z.string().trim().min(1), z.number().int().nonnegative().transform(String)]),
)

/** A numeric code (tk_status, refund_status) as a number or a numeric string. */
export const statusCode = z.union([z.number().int(), z.string().trim().regex(/^-?\d{1,4}$/).transform(Number)])

export const quantity = z.union([z.number(), z.string().trim().regex(/^\d{1,6}$/).transform(Number)]).pipe(z.number().int().min(1))

export const optionalQuantity = z.preprocess(blankToUndefined, quantity.optional())

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

/** relation_id / special_id: int64 in TOP's field list, "", "--", 0 or absent when the order has none. */
export const optionalId = z.preprocess(
  (value) => (value === 0 || value === '0' ? undefined : blankToUndefined(value)),
  z.union([z.string().trim().min(1), z.number().int().nonnegative().transform(String)]).optional(),
)

export const optionalTitle = z.preprocess(blankToUndefined, z.union([z.string(), z.number().transform(String)]).optional())

/** The newest of the times given (undefined when none is). */
export function newest(...times: ReadonlyArray<Date | undefined>): Date | undefined {
  let best: Date | undefined
  for (const time of times) if (time !== undefined && (best === undefined || time.getTime() > best.getTime())) best = time
  return best
}

/** The row's order id for the operator's log line, when it can be read: the sub-order id, else the order id. */
export function rowOrderId(raw: unknown, ...keys: readonly string[]): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined
  for (const key of keys) {
    const value = (raw as Record<string, unknown>)[key]
    if (typeof value === 'string' && value.trim() !== '' && value.trim() !== '--') return value.trim()
    // A number that lost digits past 2^53 would name the wrong order.
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value)
  }
  return undefined
}

/** The dotted path of the first failing field. */
export function firstField(error: z.ZodError): string | undefined {
  const path = error.issues[0]?.path
  return path && path.length > 0 ? path.join('.') : undefined
}

/** Why a row failed its schema, in one line for the log. */
export function rowIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`)
    .join('; ')
}
