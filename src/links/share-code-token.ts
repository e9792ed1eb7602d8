/**
 * How sure the surroundings make us that a token is a 淘口令:
 * - `strong`: wrapped by a currency sign (`￥…￥`, `$…$`, `€…€` …), followed by
 *   `://`, opened by `((`, or next to a scene code such as `CZ3457`;
 * - `weak`: wrapped only by brackets, slashes, `#`, `!` or `:`, which chat
 *   uses all the time around ordinary words.
 */
export type CodeContext = 'strong' | 'weak'

const TOKEN = /^[A-Za-z0-9]{8,14}$/

/**
 * Whether a token is plausibly a 淘口令. Real tokens are random mixed-case
 * base62 (`E1UAbOaNcwP`, `anzcbFYCKxj`, `Smh4X47XhR9`), 8–14 characters.
 * The rule, in order:
 * 1. 8–14 base62 characters;
 * 2. at least one upper-case and one lower-case letter: rejects prices,
 *    times, order and phone numbers (`$100000000$`), and one-case words
 *    (`(something)`, `(IMPORTANT)`);
 * 3. strong context: also a digit or at least two capitals, which rejects
 *    capitalised words (`$Something$`);
 * 4. weak context: also a digit and at least three capitals, which rejects
 *    CamelCase words and brand names (`(JavaScript)`, `#iPhone15Pro#`).
 *    A random token passes this about 70% of the time; the other forms of
 *    the same share text (short link, `￥…￥`) usually still catch it.
 */
export function isPlausibleCode(token: string, context: CodeContext): boolean {
  if (!TOKEN.test(token)) return false
  let upper = 0
  let lower = 0
  let digit = 0
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i)
    if (c <= 0x39) digit++
    else if (c <= 0x5a) upper++
    else lower++
  }
  if (upper === 0 || lower === 0) return false
  return context === 'strong' ? digit > 0 || upper >= 2 : digit > 0 && upper >= 3
}
