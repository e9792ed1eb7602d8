import { MAX_SCAN_CHARS } from './scan-window.js'

export const MAX_SHARE_TITLE_LENGTH = 100

/**
 * The product title of a share text: the first non-blank `「…」`, trimmed,
 * with whitespace runs collapsed, cut to 100 characters (code points, so an
 * emoji is never split). Platforms put the title there in every current
 * Taobao/JD/PDD share format; the adapters search by it when a 口令 expired.
 */
export function extractShareTitle(text: string): string | undefined {
  let from = 0
  while (from < MAX_SCAN_CHARS) {
    const open = text.indexOf('「', from)
    if (open < 0 || open >= MAX_SCAN_CHARS) return undefined
    const close = text.indexOf('」', open + 1)
    if (close < 0) return undefined
    const title = text.slice(open + 1, close).replace(/\s+/g, ' ').trim()
    if (title !== '') return Array.from(title).slice(0, MAX_SHARE_TITLE_LENGTH).join('')
    from = close + 1
  }
  return undefined
}
