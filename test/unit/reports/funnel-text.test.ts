import { describe, expect, it } from 'vitest'
import { funnelFigures, NO_COUNTS, type FunnelCounts } from '../../../src/reports/funnel.js'
import { operatorFunnelText, ownerFunnelText, percentText, perUnitText } from '../../../src/reports/funnel.text.js'
import { operatorPeriods, ownerPeriods } from '../../../src/reports/periods.js'

describe(percentText.name, () => {
  it.each([
    [2500, '25.00%'],
    [3333, '33.33%'],
    [5, '0.05%'],
    [0, '0.00%'],
    [15_000, '150.00%'],
    [-2858, '-28.58%'],
    [null, '—'],
  ])('%s bp → %s', (bp, text) => {
    expect(percentText(bp)).toBe(text)
  })
})

describe(perUnitText.name, () => {
  it.each([
    [83, '¥0.83'],
    [0, '¥0.00'],
    [12_345, '¥123.45'],
    [null, '—'],
  ])('%s fen → %s', (fen, text) => {
    expect(perUnitText(fen)).toBe(text)
  })
})

const busy: FunnelCounts = {
  pushes: 4,
  reach: 400,
  views: 30,
  visitors: 20,
  reachedVisitors: 12,
  copies: 6,
  opens: 3,
  orders: [
    { status: 'paid', orders: 2, paidFen: 20_000, estimatedFen: 2000, settledFen: 0, estimatedWithoutSettledFen: 2000 },
    { status: 'settled', orders: 1, paidFen: 5000, estimatedFen: 600, settledFen: 500, estimatedWithoutSettledFen: 0 },
  ],
  rebatesFen: 1500,
  sharesFen: 250,
}

describe(ownerFunnelText.name, () => {
  it('shows yesterday and this month with the ratios, "—" where a ratio has no denominator', () => {
    expect(ownerFunnelText({ groups: 2, yesterday: funnelFigures(NO_COUNTS), month: funnelFigures(busy) })).toBe(
      [
        '发单报表（2个群）：',
        '【昨天】推送0次，浏览0次（0人），复制/打开0次',
        '订单0笔，成交¥0.00，佣金¥0.00（已结算¥0.00）',
        '点击率—，转化率—，每次点击—',
        '【本月】推送4次，浏览30次（20人），复制/打开9次',
        '订单3笔，成交¥250.00，佣金¥25.00（已结算¥5.00）',
        '点击率3.00%，转化率15.00%，每次点击¥0.83',
        '点击率=访客÷(推送×群人数)，转化率=订单÷访客；群人数未知时显示“—”。',
      ].join('\n'),
    )
  })
})

describe(operatorFunnelText.name, () => {
  const period = (counts: FunnelCounts) => ({
    total: funnelFigures(counts),
    platforms: [
      { platform: 'taobao' as const, figures: funnelFigures(NO_COUNTS) },
      { platform: 'jd' as const, figures: funnelFigures(counts) },
      { platform: 'pdd' as const, figures: funnelFigures(NO_COUNTS) },
    ],
  })

  it('shows today and the last 7 days with payouts, margin, cost per sale, ROI and a line per platform, in a phone-sized message', () => {
    const text = operatorFunnelText({ today: period(NO_COUNTS), week: period(busy) })
    expect(text).toBe(
      [
        '数据（全部群）：',
        '【今天】推送0次，浏览0次（0人），复制/打开0次',
        '订单0笔，成交¥0.00，佣金¥0.00（已结算¥0.00）',
        '点击率—，转化率—，每次点击—',
        '返利¥0.00，分成¥0.00，毛利¥0.00',
        '每单成本—，ROI —',
        '淘宝：推送0，访客0，订单0，佣金¥0.00，毛利¥0.00',
        '京东：推送0，访客0，订单0，佣金¥0.00，毛利¥0.00',
        '拼多多：推送0，访客0，订单0，佣金¥0.00，毛利¥0.00',
        '【近7天】推送4次，浏览30次（20人），复制/打开9次',
        '订单3笔，成交¥250.00，佣金¥25.00（已结算¥5.00）',
        '点击率3.00%，转化率15.00%，每次点击¥0.83',
        '返利¥15.00，分成¥2.50，毛利¥7.50',
        '每单成本¥5.83，ROI 42.85%',
        '淘宝：推送0，访客0，订单0，佣金¥0.00，毛利¥0.00',
        '京东：推送4，访客20，订单3，佣金¥25.00，毛利¥7.50',
        '拼多多：推送0，访客0，订单0，佣金¥0.00，毛利¥0.00',
      ].join('\n'),
    )
    expect(text.split('\n').length).toBeLessThanOrEqual(25)
  })
})

describe('report periods (Asia/Shanghai)', () => {
  const zone = 'Asia/Shanghai'
  const at = (text: string): Date => new Date(`${text}+08:00`)

  it.each([
    ['mid-month', '2026-12-06T09:30:00', '2026-12-05T00:00:00', '2026-12-06T00:00:00', '2026-12-01T00:00:00'],
    ['the 1st, just after midnight: yesterday is last month', '2026-12-01T00:05:00', '2026-11-30T00:00:00', '2026-12-01T00:00:00', '2026-12-01T00:00:00'],
    ['1 January', '2027-01-01T23:59:00', '2026-12-31T00:00:00', '2027-01-01T00:00:00', '2027-01-01T00:00:00'],
  ])('owner, %s', (_, now, yesterdayFrom, yesterdayTo, monthFrom) => {
    const p = ownerPeriods(at(now), zone)
    expect(p.yesterday).toEqual({ from: at(yesterdayFrom), to: at(yesterdayTo) })
    expect(p.month.from).toEqual(at(monthFrom))
    expect(p.month.to.getTime()).toBe(at(now).getTime() + 1)
  })

  it('operator: today since local midnight, the last 7 days since midnight 6 days ago', () => {
    const p = operatorPeriods(at('2026-12-06T00:30:00'), zone)
    expect(p.today.from).toEqual(at('2026-12-06T00:00:00'))
    expect(p.week.from).toEqual(at('2026-11-30T00:00:00'))
  })

  it('a zone with DST: days are wall-clock days, 23 or 25 hours long', () => {
    const p = ownerPeriods(new Date('2026-03-09T12:00:00-04:00'), 'America/New_York')
    expect(p.yesterday.from).toEqual(new Date('2026-03-08T00:00:00-05:00'))
    expect(p.yesterday.to).toEqual(new Date('2026-03-09T00:00:00-04:00'))
  })
})
