import type { Platform } from '../links/parsed-link.js'

/** An owner's relay filters: what a copy must offer to be relayed, and words that stop it. */
export interface RelayFilter {
  readonly minCouponFen: number
  readonly minCommissionFen: number
  /** Empty: every platform. */
  readonly platforms: readonly Platform[]
  readonly blockedKeywords: readonly string[]
}

export const NO_FILTER: RelayFilter = { minCouponFen: 0, minCommissionFen: 0, platforms: [], blockedKeywords: [] }

export type RelayFilterParse =
  | { readonly ok: true; readonly filter: RelayFilter }
  | { readonly ok: false; readonly bad: string; readonly why: 'unknown-part' | 'bad-amount' | 'bad-platform' | 'empty-keyword' }
  /** `转发过滤` alone: show the current filters. */
  | { readonly ok: 'show' }

const PLATFORM_WORDS: ReadonlyMap<string, Platform> = new Map([
  ['淘宝', 'taobao'],
  ['天猫', 'taobao'],
  ['京东', 'jd'],
  ['拼多多', 'pdd'],
])

const MAX_KEYWORDS = 50
const MAX_YUAN = 100_000

/**
 * `转发过滤` arguments, parts separated by spaces, each `name=value`
 * (`：` or `:` also accepted): `券=5` (minimum coupon, yuan),
 * `佣金=1.5` (minimum commission, yuan), `平台=京东,拼多多` (`全部` for
 * every platform), `屏蔽=酒,烟` (blocked words; `无` clears). Parts not
 * given keep their current value; `清空` resets every filter. One bad part
 * rejects the whole input so nothing changes half-way.
 */
export function parseRelayFilter(args: string, current: RelayFilter): RelayFilterParse {
  const parts = args.trim().split(/\s+/).filter((p) => p !== '')
  if (parts.length === 0) return { ok: 'show' }
  if (parts.length === 1 && parts[0] === '清空') return { ok: true, filter: NO_FILTER }
  let filter: RelayFilter = current
  for (const part of parts) {
    const match = /^([^=:：]+)[=:：](.*)$/.exec(part)
    const name = match?.[1] ?? ''
    const value = match?.[2] ?? ''
    switch (name) {
      case '券':
      case '佣金': {
        const fen = yuanToFen(value)
        if (fen === undefined) return { ok: false, bad: part, why: 'bad-amount' }
        filter = name === '券' ? { ...filter, minCouponFen: fen } : { ...filter, minCommissionFen: fen }
        break
      }
      case '平台': {
        const words = value.split(/[,，、]/).filter((w) => w !== '')
        if (words.length === 1 && words[0] === '全部') {
          filter = { ...filter, platforms: [] }
          break
        }
        const platforms = words.map((w) => PLATFORM_WORDS.get(w))
        if (words.length === 0 || platforms.some((p) => p === undefined)) return { ok: false, bad: part, why: 'bad-platform' }
        filter = { ...filter, platforms: [...new Set(platforms as Platform[])] }
        break
      }
      case '屏蔽': {
        if (value === '无') {
          filter = { ...filter, blockedKeywords: [] }
          break
        }
        const words = [...new Set(value.split(/[,，、]/).filter((w) => w !== ''))]
        if (words.length === 0 || words.length > MAX_KEYWORDS || words.some((w) => w.length > 20)) return { ok: false, bad: part, why: 'empty-keyword' }
        filter = { ...filter, blockedKeywords: words }
        break
      }
      default:
        return { ok: false, bad: part, why: 'unknown-part' }
    }
  }
  return { ok: true, filter }
}

/** `5`, `0.5`, `1.25` yuan as fen; anything else (negative, 3 decimals, words) is undefined. */
function yuanToFen(text: string): number | undefined {
  const match = /^(\d{1,6})(?:\.(\d{1,2}))?$/.exec(text)
  if (!match) return undefined
  const yuan = Number(match[1])
  if (yuan > MAX_YUAN) return undefined
  return yuan * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

/** Why a copy does not pass, or undefined when it does: blocked word in the text, else no item meeting platform, coupon and commission. */
export function filterReason(
  filter: RelayFilter,
  text: string,
  items: readonly { readonly platform: Platform; readonly couponFen: number; readonly commissionFen: number }[],
): string | undefined {
  const blocked = filter.blockedKeywords.find((word) => text.includes(word))
  if (blocked !== undefined) return `屏蔽词:${blocked}`
  const passes = items.some(
    (item) =>
      (filter.platforms.length === 0 || filter.platforms.includes(item.platform)) &&
      item.couponFen >= filter.minCouponFen &&
      item.commissionFen >= filter.minCommissionFen,
  )
  return passes ? undefined : '不满足过滤条件'
}
