import { yuan } from '../money/fen.js'

export type WithdrawalNoticeKind = 'paid' | 'rejected' | 'failed'

/** What the requester is told once their request is settled: paid, rejected by the operator, or refused by the payment provider. */
export function withdrawalNotice(kind: WithdrawalNoticeKind, facts: { readonly id: string; readonly amountFen: number; readonly reason: string | null }): string {
  switch (kind) {
    case 'paid':
      return `提现成功：${yuan(facts.amountFen)}（申请号 ${facts.id}）已打款，请查收。`
    case 'rejected':
      return `提现未通过：${yuan(facts.amountFen)}（申请号 ${facts.id}），原因：${facts.reason ?? '未说明'}。金额已退回可提现余额。`
    case 'failed':
      return `提现打款失败：${yuan(facts.amountFen)}（申请号 ${facts.id}），原因：${facts.reason ?? '未说明'}。金额已退回可提现余额，可以重新申请提现。`
  }
}
