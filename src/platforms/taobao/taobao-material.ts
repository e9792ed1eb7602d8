import type { ParsedLink } from '../../links/parsed-link.js'
import { isItemLink } from '../../links/parsed-link.js'
import { PlatformRequestError } from '../platform-errors.js'

/**
 * What to send as `material_list` for one link. TOP reads a 淘口令 best in
 * its original share text, so the pasted text goes whole when it carries this
 * link; otherwise the link's own URL or `￥code￥`. Callers holding a message
 * with several links pass no pasted text: TOP would resolve the first one.
 */
export function materialFor(link: ParsedLink, pasted?: string): string {
  if (link.platform !== 'taobao') {
    throw new PlatformRequestError('taobao', `cannot convert a ${link.platform} link on Taobao`)
  }
  const own = ownMaterial(link)
  const text = pasted?.trim()
  if (!text || !text.includes(referenceOf(link))) return own
  // material_list is comma-joined: a comma inside the share text would split it into bogus materials.
  return text.replaceAll(',', ' ')
}

function ownMaterial(link: ParsedLink): string {
  if (isItemLink(link)) return itemPageUrl(link) ?? link.itemId
  return link.kind === 'short' ? link.url : `￥${link.code}￥`
}

/**
 * The item page URL of an item link: the form bots convert numeric ids in
 * since TOP refuses bare numeric ids (-4003; reference §1.5, mimicode/tksdk
 * `client_test.go` passes a detail URL as `q`). Undefined for short links and 口令.
 */
export function itemPageUrl(link: ParsedLink): string | undefined {
  if (link.platform !== 'taobao' || !isItemLink(link)) return undefined
  return `https://item.taobao.com/item.htm?id=${encodeURIComponent(link.itemId)}`
}

function referenceOf(link: ParsedLink): string {
  if (isItemLink(link)) return link.itemId
  return link.kind === 'short' ? link.url.replace(/^https?:\/\//i, '') : link.code
}
