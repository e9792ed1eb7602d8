import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * Whether a request's CSRF token is the session's, compared in constant
 * time: both sides are hashed first, so neither the content nor the length
 * of the expected token leaks through timing. Anything but a non-empty
 * string (a missing field, a repeated one) never matches.
 */
export function csrfTokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given === '' || expected === '') return false
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(expected), digest(given))
}
