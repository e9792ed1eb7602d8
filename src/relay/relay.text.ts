import { PLATFORM_NAMES } from '../conversions/promotion.text.js'
import { formatYuan } from '../money/fen.js'
import type { RelayFilter } from './relay-filter.js'
import type { RelayCommandOutcome } from './relay-commands.service.js'
import type { RelaySourceRow } from './relay.table.js'

export const RELAY_FILTER_USAGE = '用法：转发过滤 券=5 佣金=1 平台=京东,拼多多 屏蔽=酒,烟（金额单位元；平台=全部、屏蔽=无 取消该项；转发过滤 清空 取消全部）'

function sourcesText(sources: readonly RelaySourceRow[]): string {
  if (sources.length === 0) return '还没有转发来源。发送「转发来源 群名或联系人名」添加。'
  return ['转发来源：', ...sources.map((s, i) => `${i + 1}. ${s.name}（${s.kind === 'group' ? '群' : '联系人'}）`), '发送「删除来源 序号」删除。'].join('\n')
}

export function relayFilterText(filter: RelayFilter): string {
  return [
    '转发过滤：',
    `最低优惠券：${filter.minCouponFen > 0 ? `${formatYuan(filter.minCouponFen)}元` : '不限'}`,
    `最低佣金：${filter.minCommissionFen > 0 ? `${formatYuan(filter.minCommissionFen)}元` : '不限'}`,
    `平台：${filter.platforms.length > 0 ? filter.platforms.map((p) => PLATFORM_NAMES[p]).join('、') : '全部'}`,
    `屏蔽词：${filter.blockedKeywords.length > 0 ? filter.blockedKeywords.join('、') : '无'}`,
  ].join('\n')
}

const FILTER_PROBLEMS = {
  'unknown-part': '看不懂',
  'bad-amount': '金额不对（填元，最多两位小数，例如 券=5 或 佣金=0.5）',
  'bad-platform': '平台只能是 淘宝、京东、拼多多 或 全部',
  'empty-keyword': '屏蔽词要用逗号分开，每个不超过20字，最多50个',
} as const

/** The reply to a 线报转发 command. */
export function relayCommandText(outcome: RelayCommandOutcome): string {
  switch (outcome.kind) {
    case 'not-owner':
      return '只有本群群主可以设置线报转发。'
    case 'sources':
      return sourcesText(outcome.sources)
    case 'source-added':
      return `已添加转发来源「${outcome.name}」（${outcome.sourceKind === 'group' ? '群' : '联系人'}）。\n${sourcesText(outcome.sources)}`
    case 'source-exists':
      return `「${outcome.name}」已经是转发来源了。`
    case 'source-unknown':
      return `没有找到「${outcome.name}」：来源必须是机器人所在的群（群名要完全一致），或给机器人发过消息的联系人（昵称要完全一致）。`
    case 'source-ambiguous':
      return `有${outcome.count}个都叫「${outcome.name}」，无法确定是哪一个。请先把来源群改个独有的群名再添加。`
    case 'source-is-target':
      return `「${outcome.name}」是你自己的群，会收到转发的线报，不能同时作为来源（会来回转发）。`
    case 'source-removed':
      return `已删除转发来源「${outcome.name}」。\n${sourcesText(outcome.sources)}`
    case 'bad-number':
      return outcome.count === 0 ? '还没有转发来源。' : `请发送「删除来源 序号」，序号是1到${outcome.count}之间的数字${outcome.given === '' ? '' : `，「${outcome.given}」不是`}。`
    case 'relay-switched':
      if (!outcome.on) return '已关闭：本群不再收到转发的线报。'
      return `已开启：来源里带商品链接的线报会换成你的链接转发到本群。${outcome.sourceCount === 0 ? '\n还没有转发来源，发送「转发来源 群名或联系人名」添加。' : ''}`
    case 'filter':
      return outcome.changed ? `转发过滤已设置。\n${relayFilterText(outcome.filter)}` : `${relayFilterText(outcome.filter)}\n${RELAY_FILTER_USAGE}`
    case 'bad-filter':
      return `「${outcome.problem.bad}」${FILTER_PROBLEMS[outcome.problem.why]}，过滤条件没有改动。\n${RELAY_FILTER_USAGE}`
    case 'report':
      if (outcome.rows.length === 0) return '还没有转发来源。发送「转发来源 群名或联系人名」添加。'
      return ['转发报表（商品条数）：', ...outcome.rows.map((r, i) => `${i + 1}. ${r.name}：已转发${r.relayed}，被过滤${r.filtered}，重复${r.duplicate}${r.dropped > 0 ? `，未发出${r.dropped}` : ''}，订单${r.orders}`)].join('\n')
  }
}
