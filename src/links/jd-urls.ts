import type { UrlRule } from './url-rule.js'
import { hasPathOrQuery, normalisedUrl, numericId, numericParam } from './url-params.js'

/** `/<sku>.html`, `/product/<sku>.html`, `/product/graphext/<sku>.html`, `wqsitem…/detail/<sku>_…`. */
const SKU_IN_PATH = /^\/(?:product\/(?:graphext\/)?|detail\/)?([0-9]+)(?:\.html|_[^/]*)$/i

const item: UrlRule = (url) => {
  const itemId = numericId(SKU_IN_PATH.exec(url.pathname)?.[1]) ?? numericParam(url, ['sku', 'wareid'])
  return itemId === undefined ? undefined : { platform: 'jd', itemId }
}

/**
 * `jingfen.jd.com/detail/<itemId>.html`: JD Union's string 联盟商品ID pages
 * (since 2024-12; goods.query's materialUrl for an itemId, rise-worlds/jos
 * api/union/goods/query.go). The id is letters, digits, `_` and `-`.
 */
const UNION_ITEM_PATH = /^\/detail\/([A-Za-z0-9_-]{4,100})\.html$/

const unionItem: UrlRule = (url) => {
  const itemId = UNION_ITEM_PATH.exec(url.pathname)?.[1]
  return itemId === undefined ? undefined : { platform: 'jd', itemId }
}

const short: UrlRule = (url) =>
  hasPathOrQuery(url) ? { platform: 'jd', kind: 'short', url: normalisedUrl(url) } : undefined

const ITEM_HOSTS = [
  'item.jd.com',
  'item.m.jd.com',
  'm.jd.com',
  'in.m.jd.com',
  'wqsitem.jd.com',
  'wqitem.jd.com',
  'wq.jd.com',
  'item.jd.hk',
  'npcitem.jd.hk',
  'mitem.jd.hk',
]

const SHORT_HOSTS = ['u.jd.com', '3.cn', '3.jd.com', '3.jd.hk', 'union-click.jd.com']

export const JD_URL_RULES: ReadonlyMap<string, UrlRule> = new Map<string, UrlRule>([
  ...ITEM_HOSTS.map((host): [string, UrlRule] => [host, item]),
  ...SHORT_HOSTS.map((host): [string, UrlRule] => [host, short]),
  ['jingfen.jd.com', unionItem],
])
