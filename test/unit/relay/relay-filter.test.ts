import { describe, expect, it } from 'vitest'
import { filterReason, NO_FILTER, parseRelayFilter, type RelayFilter } from '../../../src/relay/relay-filter.js'
import type { Platform } from '../../../src/links/parsed-link.js'
import { stripMentions } from '../../../src/relay/strip-mentions.js'

const current: RelayFilter = { minCouponFen: 300, minCommissionFen: 0, platforms: ['jd'], blockedKeywords: ['酒'] }

describe('parseRelayFilter', () => {
  it.each<[string, string, ReturnType<typeof parseRelayFilter>]>([
    ['nothing: show', '', { ok: 'show' }],
    ['coupon in yuan, the rest kept', '券=5', { ok: true, filter: { ...current, minCouponFen: 500 } }],
    ['full-width colon and decimals', '佣金：1.25', { ok: true, filter: { ...current, minCommissionFen: 125 } }],
    ['one decimal', '佣金=0.5', { ok: true, filter: { ...current, minCommissionFen: 50 } }],
    ['zero clears a minimum', '券=0', { ok: true, filter: { ...current, minCouponFen: 0 } }],
    ['platforms, 天猫 is 淘宝, repeats folded', '平台=天猫,淘宝、拼多多', { ok: true, filter: { ...current, platforms: ['taobao', 'pdd'] } }],
    ['全部 platforms', '平台=全部', { ok: true, filter: { ...current, platforms: [] } }],
    ['block words', '屏蔽=烟，酒,烟', { ok: true, filter: { ...current, blockedKeywords: ['烟', '酒'] } }],
    ['无 clears block words', '屏蔽=无', { ok: true, filter: { ...current, blockedKeywords: [] } }],
    ['several parts', '券=2 佣金=1 平台=京东', { ok: true, filter: { ...current, minCouponFen: 200, minCommissionFen: 100, platforms: ['jd'] } }],
    ['清空 resets all', '清空', { ok: true, filter: NO_FILTER }],
    ['negative amount', '券=-1', { ok: false, bad: '券=-1', why: 'bad-amount' }],
    ['three decimals', '佣金=0.005', { ok: false, bad: '佣金=0.005', why: 'bad-amount' }],
    ['words for an amount', '券=五元', { ok: false, bad: '券=五元', why: 'bad-amount' }],
    ['empty amount', '券=', { ok: false, bad: '券=', why: 'bad-amount' }],
    ['amount too large', '券=1000000', { ok: false, bad: '券=1000000', why: 'bad-amount' }],
    ['unknown platform', '平台=京东,抖音', { ok: false, bad: '平台=京东,抖音', why: 'bad-platform' }],
    ['no platform', '平台=', { ok: false, bad: '平台=', why: 'bad-platform' }],
    ['empty block list', '屏蔽=,', { ok: false, bad: '屏蔽=,', why: 'empty-keyword' }],
    ['unknown part name', '价格=10', { ok: false, bad: '价格=10', why: 'unknown-part' }],
    ['a part without =', '券5', { ok: false, bad: '券5', why: 'unknown-part' }],
    ['one bad part rejects the good ones too', '券=5 佣金=abc', { ok: false, bad: '佣金=abc', why: 'bad-amount' }],
  ])('%s: %s', (_name, args, expected) => {
    expect(parseRelayFilter(args, current)).toEqual(expected)
  })
})

describe('filterReason', () => {
  type Item = { platform: Platform; couponFen: number; commissionFen: number }
  const jd: Item = { platform: 'jd', couponFen: 500, commissionFen: 80 }
  const pdd: Item = { platform: 'pdd', couponFen: 0, commissionFen: 300 }
  it.each<[string, RelayFilter, string, Item[], string | undefined]>([
    ['no filter passes', NO_FILTER, 'x', [pdd], undefined],
    ['a blocked word anywhere in the text', { ...NO_FILTER, blockedKeywords: ['酒'] }, '白酒好价', [jd], '屏蔽词:酒'],
    ['coupon minimum met by one item', { ...NO_FILTER, minCouponFen: 500 }, 'x', [pdd, jd], undefined],
    ['coupon minimum met by none', { ...NO_FILTER, minCouponFen: 501 }, 'x', [pdd, jd], '不满足过滤条件'],
    ['commission minimum', { ...NO_FILTER, minCommissionFen: 100 }, 'x', [jd], '不满足过滤条件'],
    ['platform not allowed', { ...NO_FILTER, platforms: ['taobao'] }, 'x', [jd, pdd], '不满足过滤条件'],
    ['conditions hold on the same item', { ...NO_FILTER, platforms: ['pdd'], minCouponFen: 100 }, 'x', [jd, pdd], '不满足过滤条件'],
  ])('%s', (_name, filter, text, items, expected) => {
    expect(filterReason(filter, text, items)).toBe(expected)
  })
})

describe('stripMentions', () => {
  it.each([
    ['a WeChat mention', '@小王\u2005好价 https://item.jd.com/1.html', '好价 https://item.jd.com/1.html'],
    ['mentions in the middle and at a line end', '好价 @小王 @小李\u2005快\n第二行 @群主\n第三行', '好价 快\n第二行\n第三行'],
    ['an @ inside a URL or word stays', 'https://a.example/@shop mail@x.cn', 'https://a.example/@shop mail@x.cn'],
  ])('%s', (_name, text, expected) => {
    expect(stripMentions(text)).toBe(expected)
  })
})
