import { createHash } from 'node:crypto'

const OUTSIDE_ALPHABET = /[^A-Za-z0-9_.-]/g
const STARTS_WITH_LETTER = /^[A-Za-z]/

/**
 * A deterministic BullMQ job id, so adding the same job twice is a no-op.
 *
 * BullMQ rejects custom ids containing ':' and ids that look like integers
 * (they would clash with its own counter ids), so: the parts are joined with
 * '_', every character outside `[A-Za-z0-9_.-]` becomes '-', and an id that does
 * not start with a letter gets a leading 'j'. Replacing characters alone would
 * map distinct inputs to one id (`'a:b'` and `'a-b'`, or any two Chinese words
 * of equal length) and a dedupe key would then swallow an unrelated job, so
 * whenever the id differs from the joined parts a short hash of the joined
 * parts is appended (`.` + 10 hex digits). Ids that needed no change stay
 * readable: `jobId('credit-order', 42)` is `credit-order_42`.
 *
 * Parts are not escaped: `jobId('a_b')` equals `jobId('a', 'b')`. Give every
 * call site a fixed shape (a constant first part, then ids).
 */
export function jobId(...parts: readonly (string | number)[]): string {
  const joined = parts.map(String).join('_')
  const cleaned = joined.replace(OUTSIDE_ALPHABET, '-')
  const id = STARTS_WITH_LETTER.test(cleaned) ? cleaned : `j${cleaned}`
  if (id === joined) return id
  return `${id}.${createHash('sha256').update(joined).digest('hex').slice(0, 10)}`
}
