import type { FoundLink } from './found-link.js'
import type { ParsedLink } from './parsed-link.js'
import { findLinkUrls } from './find-link-urls.js'
import { findShareCodes } from './find-share-codes.js'
import { scanWindow } from './scan-window.js'

export { extractShareTitle } from './extract-share-title.js'

/** A message naming more products than this is a deal list, not a request; only the first ones are converted. */
export const MAX_LINKS_PER_MESSAGE = 5

/**
 * Every product reference in a chat message: item URLs (the id is in the
 * URL), short/union links and 淘口令 codes (the platform resolves them), in
 * order of appearance, each once, at most MAX_LINKS_PER_MESSAGE. Pure and
 * linear in the message length; reads at most the first MAX_SCAN_CHARS.
 *
 * A Taobao share text carries its 口令 twice, as a short link and as a
 * token; when the message has a Taobao short link its tokens are not
 * reported again.
 */
export function parseLinks(text: string, limit: number = MAX_LINKS_PER_MESSAGE): ParsedLink[] {
  const window = scanWindow(text)
  const urls = findLinkUrls(window, limit)
  const codes = urls.some(isTaobaoShortLink) ? [] : findShareCodes(window, limit)
  return mergeInOrder(urls, codes, limit)
}

/** The links of a message up to the limit, and whether it named more (so the reply can say they were left out). */
export function parseLinksCapped(text: string): { links: ParsedLink[]; more: boolean } {
  const links = parseLinks(text, MAX_LINKS_PER_MESSAGE + 1)
  return { links: links.slice(0, MAX_LINKS_PER_MESSAGE), more: links.length > MAX_LINKS_PER_MESSAGE }
}

function isTaobaoShortLink({ link }: FoundLink): boolean {
  return link.platform === 'taobao' && 'kind' in link && link.kind === 'short'
}

/** Both lists are already in order and unique (URLs and codes never collide). */
function mergeInOrder(a: readonly FoundLink[], b: readonly FoundLink[], limit: number): ParsedLink[] {
  const out: ParsedLink[] = []
  let i = 0
  let j = 0
  while (out.length < limit) {
    const x = a[i]
    const y = b[j]
    if (x !== undefined && (y === undefined || x.index <= y.index)) {
      out.push(x.link)
      i++
    } else if (y !== undefined) {
      out.push(y.link)
      j++
    } else {
      break
    }
  }
  return out
}
