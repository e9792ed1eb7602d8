/**
 * How much of a message the parser reads. Chat messages, even long deal
 * posts, are a few thousand characters; the cap keeps a 1 MB paste (or
 * garbage) from costing more than a fraction of a millisecond.
 */
export const MAX_SCAN_CHARS = 32_768

/** Longest URL we accept; longer runs of URL characters are junk. */
export const MAX_URL_LENGTH = 2_048

/**
 * The part of `text` the scanners look at: matches must start before
 * MAX_SCAN_CHARS, and may run on by up to one URL's length so a link that
 * straddles the cap is not cut in half.
 */
export function scanWindow(text: string): string {
  const end = MAX_SCAN_CHARS + MAX_URL_LENGTH
  return text.length > end ? text.slice(0, end) : text
}
