import { localDigits } from '../groups/local-time.js'
import { yuan } from '../money/fen.js'
import type { DecisionOutcome, RequestOutcome } from './withdrawal.service.js'
import type { WithdrawalRow, WithdrawalStatus } from './withdrawal.table.js'

export const WITHDRAW_USAGE = '提现金额不对。发送「提现 金额」，例如「提现 10」或「提现 12.50」（最多两位小数），或只发「提现」提取全部可提现余额。'

/** The operator's decision commands, typed wrong. */
export const DECISION_USAGE = {
  approve: '用法：通过 申请号',
  reject: '用法：拒绝 申请号 原因',
  'reject-without-reason': '拒绝时请写原因：拒绝 申请号 原因',
} as const

export function requestText(outcome: RequestOutcome, dailyLimit: number): string {
  switch (outcome.kind) {
    case 'requested':
      return `提现申请已提交：${yuan(outcome.amountFen)}，申请号 ${outcome.id}。审核通过后打款，发送「提现记录」查看进度。剩余可提现 ${yuan(outcome.availableAfterFen)}。`
    case 'insufficient':
      return `可提现余额不足：当前可提现 ${yuan(outcome.availableFen)}。`
    case 'nothing-available':
      return `暂无可提现余额（当前 ${yuan(outcome.availableFen)}）。订单结算后返利会转为可提现。`
    case 'below-minimum':
      return `单笔提现最少 ${yuan(outcome.minimumFen)}，当前可提现 ${yuan(outcome.availableFen)}。`
    case 'daily-limit':
      return `今天的提现次数已用完（每天最多${dailyLimit}次），明天再来吧。`
  }
}

const STATUS: Readonly<Record<WithdrawalStatus, string>> = {
  pending: '审核中',
  paying: '打款中',
  paid: '已打款',
  rejected: '未通过',
  failed: '打款失败，已退回余额',
}

export function withdrawalsText(rows: readonly WithdrawalRow[]): string {
  if (rows.length === 0) return '还没有提现记录。'
  return [
    '提现记录：',
    ...rows.map((w) => `${w.id}. ${yuan(Number(w.amount_fen))} ${STATUS[w.status]}${(w.status === 'rejected' || w.status === 'failed') && w.reason ? `（${w.reason}）` : ''}`),
  ].join('\n')
}

export interface PendingWithdrawal {
  readonly id: string
  readonly amount_fen: string
  readonly display_name: string
  readonly contact_id: string
  readonly requested_at: Date
  readonly status: WithdrawalStatus
}

/**
 * The operator's queue: when each request was made in the operator's time
 * zone (named, so nobody reads UTC as Beijing time), and who it is for by
 * display name and contact id (names are not unique and can change).
 */
export function pendingText(rows: readonly PendingWithdrawal[], timeZone: string): string {
  if (rows.length === 0) return '没有待审核的提现。'
  const when = (at: Date): string => {
    const t = localDigits(at, timeZone)
    return `${t.year}-${t.month}-${t.day} ${t.hour}:${t.minute}`
  }
  return [
    `待审核的提现（时间为 ${timeZone}）：`,
    ...rows.map(
      (w) =>
        `${w.id}. ${yuan(Number(w.amount_fen))} ${w.display_name}（${w.contact_id}） ${when(w.requested_at)}` +
        (w.status === 'paying' ? ' 已通过，打款结果未确认（再发「通过 申请号」查询）' : ''),
    ),
    '回复「通过 申请号」或「拒绝 申请号 原因」。',
  ].join('\n')
}

const STATUS_NOW: Readonly<Record<WithdrawalStatus, string>> = { ...STATUS, pending: '待审核', failed: '打款失败' }

export function decisionText(outcome: DecisionOutcome): string {
  switch (outcome.kind) {
    case 'paid':
      return `已通过提现 ${outcome.id}（${yuan(outcome.amountFen)}），已通知用户。`
    case 'paying':
      return `提现 ${outcome.id}（${yuan(outcome.amountFen)}）已通过，正在打款，结果还未确认。打款确认后会自动记账并通知用户；可以再发「通过 ${outcome.id}」查询。`
    case 'failed':
      return `提现 ${outcome.id}（${yuan(outcome.amountFen)}）打款失败：${outcome.reason ?? '未说明'}。金额已退回用户余额，已通知用户。`
    case 'rejected':
      return `已拒绝提现 ${outcome.id}（${yuan(outcome.amountFen)}），金额已退回用户余额。`
    case 'cannot-reject':
      return `提现 ${outcome.id}（${yuan(outcome.amountFen)}）已通过并在打款中，不能再拒绝。`
    case 'not-found':
      return `没有提现申请 ${outcome.id}。`
    case 'already-decided':
      return `提现申请 ${outcome.id} 已经处理过了。当前状态：${STATUS_NOW[outcome.status]}。`
  }
}
