import { PLATFORM_NAMES } from '../conversions/promotion.text.js'
import { yuan } from '../money/fen.js'
import type { FunnelFigures, Ratio } from './funnel.js'
import type { OperatorFunnelReport, OperatorPeriodReport, OwnerFunnelReport } from './funnel.service.js'

/** What a ratio with no denominator shows. */
export const NO_RATIO = '—'

/** Basis points as a percentage with two decimals ("12.34%", "-0.05%"), or "—". */
export function percentText(bp: Ratio): string {
  if (bp === null) return NO_RATIO
  const sign = bp < 0 ? '-' : ''
  const abs = Math.abs(bp)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`
}

/** Fen per unit as money ("¥0.35"), or "—". */
export function perUnitText(fen: Ratio): string {
  return fen === null ? NO_RATIO : yuan(fen)
}

/** The lines every report shows of a period: reach, sales, ratios. */
function coreLines(label: string, f: FunnelFigures): string[] {
  return [
    `【${label}】推送${f.pushes}次，浏览${f.views}次（${f.visitors}人），复制/打开${f.presses}次`,
    `订单${f.orders}笔，成交${yuan(f.gmvFen)}，佣金${yuan(f.commissionFen)}（已结算${yuan(f.commissionSettledFen)}）`,
    `点击率${percentText(f.ctrBp)}，转化率${percentText(f.cvrBp)}，每次点击${perUnitText(f.epcFen)}`,
  ]
}

const FOOTNOTE = '点击率=访客÷(推送×群人数)，转化率=订单÷访客；群人数未知时显示“—”。'

/** 发单报表 for a group owner: their groups together, yesterday and this month. */
export function ownerFunnelText(report: OwnerFunnelReport): string {
  return [`发单报表（${report.groups}个群）：`, ...coreLines('昨天', report.yesterday), ...coreLines('本月', report.month), FOOTNOTE].join('\n')
}

function operatorPeriodLines(label: string, period: OperatorPeriodReport): string[] {
  const f = period.total
  return [
    ...coreLines(label, f),
    `返利${yuan(f.rebatesFen)}，分成${yuan(f.sharesFen)}，毛利${yuan(f.marginFen)}`,
    `每单成本${perUnitText(f.costPerSaleFen)}，ROI ${percentText(f.roiBp)}`,
    ...period.platforms.map(
      ({ platform, figures: p }) =>
        `${PLATFORM_NAMES[platform]}：推送${p.pushes}，访客${p.visitors}，订单${p.orders}，佣金${yuan(p.commissionFen)}，毛利${yuan(p.marginFen)}`,
    ),
  ]
}

/** 数据 for an operator: the whole bot, today and the last 7 days. */
export function operatorFunnelText(report: OperatorFunnelReport): string {
  return ['数据（全部群）：', ...operatorPeriodLines('今天', report.today), ...operatorPeriodLines('近7天', report.week)].join('\n')
}
