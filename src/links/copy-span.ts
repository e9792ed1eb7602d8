import type { ParsedLink } from './parsed-link.js'

/**
 * One part of a copy text that points somewhere, `text.slice(start, end)`:
 * - `link`: a product URL or 淘口令 we can try to convert (`form` says which, so a
 *   淘口令 is replaced by a 淘口令 and a URL by a URL);
 * - `foreign`: any other URL — not a product the parser knows, or a host that
 *   is not ours; it is never left in a rewritten copy.
 */
export type CopySpan =
  | { readonly kind: 'link'; readonly start: number; readonly end: number; readonly form: 'url' | 'code'; readonly link: ParsedLink }
  | { readonly kind: 'foreign'; readonly start: number; readonly end: number }
