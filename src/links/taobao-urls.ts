import type { UrlRule } from './url-rule.js'
import { hasPathOrQuery, normalisedUrl, numericId, numericParam } from './url-params.js'

/** `a.m.taobao.com/i<id>.htm`, `world.taobao.com/item/<id>.htm`. */
const ID_IN_PATH = /^\/(?:i|item\/)([0-9]+)\.htm$/i
const SHARE_PATH = /^\/h\.[A-Za-z0-9_-]+$/

const item: UrlRule = (url) => {
  const itemId = numericParam(url, ['id', 'itemid']) ?? numericId(ID_IN_PATH.exec(url.pathname)?.[1])
  return itemId === undefined ? undefined : { platform: 'taobao', itemId }
}

const short: UrlRule = (url) =>
  hasPathOrQuery(url) ? { platform: 'taobao', kind: 'short', url: normalisedUrl(url) } : undefined

/** `m.tb.cn/h.<token>`: the app's share links always have the `h.` path. */
const shareShort: UrlRule = (url) => (SHARE_PATH.test(url.pathname) ? short(url) : undefined)

const ITEM_HOSTS = [
  'item.taobao.com',
  'detail.tmall.com',
  'chaoshi.detail.tmall.com',
  'detail.tmall.hk',
  'detail.m.tmall.com',
  'detail.m.tmall.hk',
  'h5.m.taobao.com',
  'a.m.taobao.com',
  'main.m.taobao.com',
  'market.m.taobao.com',
  'm.intl.taobao.com',
  'world.taobao.com',
]

/** Exact hosts only: Taobao puts unrelated apps on sibling subdomains, so no `*.taobao.com`. */
export const TAOBAO_URL_RULES: ReadonlyMap<string, UrlRule> = new Map<string, UrlRule>([
  ...ITEM_HOSTS.map((host): [string, UrlRule] => [host, item]),
  ['m.tb.cn', shareShort],
  ['e.tb.cn', shareShort],
  ['c.tb.cn', short],
  ['s.click.taobao.com', short],
  ['uland.taobao.com', short],
])
