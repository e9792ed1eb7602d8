import type { ParsedLink } from '../../links/parsed-link.js'
import { LinkNotResolvableError, PlatformRequestError } from '../platform-errors.js'

/** What to start a conversion from: a URL zs.unit.url.gen must resolve, or a goods_sign already known. */
export type PddSource = { readonly sourceUrl: string } | { readonly goodsSign: string }

/**
 * goods_id is offline for 多多进宝 APIs, so a numeric id is turned back into
 * the goods page URL that zs.unit.url.gen accepts; anything else an item
 * link carries is taken to be a goods_sign.
 */
export function pddSourceFor(link: ParsedLink): PddSource {
  if (link.platform !== 'pdd') {
    throw new PlatformRequestError('pdd', `pdd adapter was handed a ${link.platform} link`)
  }
  if ('itemId' in link) {
    return /^\d+$/.test(link.itemId)
      ? { sourceUrl: `https://mobile.yangkeduo.com/goods.html?goods_id=${link.itemId}` }
      : { goodsSign: link.itemId }
  }
  if (link.kind === 'short') return { sourceUrl: link.url }
  // Share codes are Taobao's (the union says so); kept for links built outside the parser.
  const unexpected: never = link
  throw new LinkNotResolvableError('pdd', `pdd cannot resolve ${JSON.stringify(unexpected)}`)
}
