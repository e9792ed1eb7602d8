import { classifyUrl } from './classify-url.js'
import { parseLinks } from './parse-links.js'
import type { Platform } from './parsed-link.js'
import { numericId } from './url-params.js'

/**
 * What a WeChat mini-program card carries (the fields of Wechaty's
 * MiniProgram payload the bot reads). A product shared from the JD or
 * Pinduoduo app to WeChat arrives as one of these, not as a URL.
 */
export interface MiniProgramCard {
  readonly appid?: string | undefined
  /** The mini-program's original id, `gh_…` (some puppets append `@app`). */
  readonly username?: string | undefined
  readonly pagePath?: string | undefined
  readonly title?: string | undefined
}

/** Only JD and Pinduoduo share items as WeChat mini-program cards; Taobao has no item mini-program in WeChat (docs/architecture.md). */
type CardPlatform = Extract<Platform, 'jd' | 'pdd'>

interface ShopApp {
  readonly platform: CardPlatform
  readonly appids: readonly string[]
  readonly usernames: readonly string[]
  /** The canonical product URL for the card's page, or undefined when the page names no product. */
  readonly itemUrl: (page: CardPage) => string | undefined
}

interface CardPage {
  /** Without a leading `/` or a trailing `.html` (cards carry both forms). */
  readonly path: string
  readonly query: URLSearchParams
}

/**
 * JD 购物: appid wx91d27dbf599dff74, original id gh_45b306365c3d (docs/platforms/jd.md lists the sources).
 * `pages/item/detail/detail(.html)?sku=<sku>` is the item page; `pages/union/proxy/proxy?spreadUrl=<u.jd.com link>`
 * is a JD Union promotion card, whose spreadUrl the URL rules already read.
 */
const JD: ShopApp = {
  platform: 'jd',
  appids: ['wx91d27dbf599dff74'],
  usernames: ['gh_45b306365c3d'],
  itemUrl: ({ path, query }) => {
    const sku = numericId(query.get('sku') ?? undefined)
    if (sku !== undefined && path.endsWith('item/detail/detail')) return `https://item.jd.com/${sku}.html`
    const spread = query.get('spreadUrl') ?? undefined
    if (spread !== undefined && path.endsWith('union/proxy/proxy') && classifyUrl(spread)?.platform === 'jd') return spread
    return undefined
  },
}

/**
 * 拼多多: appid wx32540bd863b27570, original id gh_0e7477744313 (docs/platforms/pdd.md lists the sources).
 * Every goods page seen carries `goods_id` (`package_c/goods/goods.html`, and the DDK promotion pages
 * `package_a/welfare_coupon/welfare_coupon`, `pages/welfare_coupon/welfare_coupon`); a shop page carries `mall_id` only.
 */
const PDD: ShopApp = {
  platform: 'pdd',
  appids: ['wx32540bd863b27570'],
  usernames: ['gh_0e7477744313'],
  itemUrl: ({ query }) => {
    const goodsId = numericId(query.get('goods_id') ?? undefined)
    return goodsId === undefined ? undefined : `https://mobile.yangkeduo.com/goods.html?goods_id=${goodsId}`
  },
}

const SHOP_APPS: readonly ShopApp[] = [JD, PDD]

export type MiniProgramReading =
  /** `text` is the card as a pasted share: the canonical product URL the link rules understand, then the title. */
  | { readonly kind: 'item'; readonly platform: CardPlatform; readonly text: string }
  | UnreadableCard

/** A JD or Pinduoduo card without a product (a shop, an activity page), or another app's card. */
export type UnreadableCard = { readonly kind: 'no-item'; readonly platform: CardPlatform } | { readonly kind: 'unknown-app' }

/**
 * Reads a mini-program card. The app is recognised by its appid or its
 * original id, so a puppet that reports only one of them still works; the
 * product comes from the page path alone (titles are free text).
 */
export function readMiniProgramCard(card: MiniProgramCard): MiniProgramReading {
  const app = shopAppOf(card)
  if (!app) return { kind: 'unknown-app' }
  const page = cardPage(card.pagePath ?? '')
  const url = page && app.itemUrl(page)
  if (!url) return { kind: 'no-item', platform: app.platform }
  // The URL leads, so a title starting with a command word (「推送…」) cannot turn the card into a command;
  // a title that reads as a link or 口令 itself would add a product the card never named, so it is left out.
  const title = (card.title ?? '').replace(/\s+/g, ' ').trim()
  const plainTitle = title !== '' && parseLinks(title, 1).length === 0
  return { kind: 'item', platform: app.platform, text: plainTitle ? `${url} ${title}` : url }
}

function shopAppOf(card: MiniProgramCard): ShopApp | undefined {
  const appid = card.appid?.trim().toLowerCase()
  const username = card.username?.trim().replace(/@app$/i, '').toLowerCase()
  return SHOP_APPS.find((app) => (appid !== undefined && app.appids.includes(appid)) || (username !== undefined && app.usernames.includes(username)))
}

/** The page and query of a card's pagePath; `&amp;` is undone because some puppets hand the XML text over as is. */
function cardPage(pagePath: string): CardPage | undefined {
  const raw = pagePath.trim().replace(/&amp;/g, '&')
  if (raw === '' || raw.length > 4096) return undefined
  const mark = raw.indexOf('?')
  const path = (mark < 0 ? raw : raw.slice(0, mark)).replace(/^\/+/, '').replace(/\.html$/i, '')
  return { path, query: new URLSearchParams(mark < 0 ? '' : raw.slice(mark + 1)) }
}
