/** The three affiliate platforms the bot speaks to. */
export type Platform = 'taobao' | 'jd' | 'pdd'

export const PLATFORMS: readonly Platform[] = ['taobao', 'jd', 'pdd']

/** A product page whose id is written in the pasted text. */
export interface ItemLink {
  readonly platform: Platform
  readonly itemId: string
}

/** A short, union or share link whose item only the platform can resolve. */
export interface ShortLink {
  readonly platform: Platform
  readonly kind: 'short'
  readonly url: string
}

/** A 淘口令 token (the 11-ish base62 characters between the symbols). */
export interface ShareCode {
  readonly platform: 'taobao'
  readonly kind: 'code'
  readonly code: string
}

/**
 * One reference to a product found in a chat message. The JSON form of this
 * union is exactly what `rebate-bot parse` prints.
 */
export type ParsedLink = ItemLink | ShortLink | ShareCode

export function isItemLink(link: ParsedLink): link is ItemLink {
  return 'itemId' in link
}
