import { isSafeNumber, parse } from 'lossless-json'

/** A bare integer literal of 16 or more digits: it may not survive a double (PDD group_id, Taobao trade ids). */
const LONG_INTEGER = /[:[,]\s*-?\d{16,}/

/**
 * JSON.parse, except that a number a double cannot hold exactly (an id above
 * 2^53, an amount with more digits than a double keeps) comes back as its
 * original text. Only bodies that may hold such a number take the slower,
 * lossless parser; a false hit inside a string costs speed, never accuracy.
 * @throws SyntaxError when the text is not JSON
 */
export function parseJsonLossless(text: string): unknown {
  if (!LONG_INTEGER.test(text)) return JSON.parse(text) as unknown
  return parse(text, null, (value: string) => (isSafeNumber(value) ? Number(value) : value))
}
