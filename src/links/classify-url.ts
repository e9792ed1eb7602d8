import type { ParsedLink } from './parsed-link.js'
import type { UrlRule } from './url-rule.js'
import { JD_URL_RULES } from './jd-urls.js'
import { PDD_URL_RULES } from './pdd-urls.js'
import { TAOBAO_URL_RULES } from './taobao-urls.js'

const RULES: ReadonlyMap<string, UrlRule> = new Map([...TAOBAO_URL_RULES, ...JD_URL_RULES, ...PDD_URL_RULES])

/**
 * What an absolute http(s) URL points at. The host must be on the
 * allow-list exactly (so `item.taobao.com.example.org` is nothing), and a
 * URL with userinfo or a port is never ours (`taobao.com@evil.com` trick).
 */
export function classifyUrl(raw: string): ParsedLink | undefined {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return undefined
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined
  if (url.username !== '' || url.password !== '' || url.port !== '') return undefined
  return RULES.get(url.hostname)?.(url)
}
