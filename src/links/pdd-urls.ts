import type { UrlRule } from './url-rule.js'
import { hasPathOrQuery, normalisedUrl, numericParam, paramValue } from './url-params.js'

const GOODS_PAGE = /^\/goods[12]?\.html$/i
const ACTIVITY_PAGE = /^\/duo_[A-Za-z0-9_]+\.html$/i

const short: UrlRule = (url) =>
  hasPathOrQuery(url) ? { platform: 'pdd', kind: 'short', url: normalisedUrl(url) } : undefined

/**
 * `goods.html?goods_id=` names the item; newer shares carry only an opaque
 * `ps=` token, and `duo_*.html` activity pages hide the item too, so those
 * go to the platform to resolve.
 */
const page: UrlRule = (url) => {
  if (GOODS_PAGE.test(url.pathname)) {
    const itemId = numericParam(url, ['goods_id'])
    if (itemId !== undefined) return { platform: 'pdd', itemId }
    return paramValue(url, 'ps') === undefined ? undefined : short(url)
  }
  return ACTIVITY_PAGE.test(url.pathname) ? short(url) : undefined
}

export const PDD_URL_RULES: ReadonlyMap<string, UrlRule> = new Map<string, UrlRule>([
  ['mobile.yangkeduo.com', page],
  ['yangkeduo.com', page],
  ['mobile.pinduoduo.com', page],
  ['p.pinduoduo.com', short],
])
