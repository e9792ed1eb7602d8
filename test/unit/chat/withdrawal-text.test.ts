import { describe, expect, it } from 'vitest'
import { decisionText, pendingText, withdrawalsText } from '../../../src/withdrawals/withdrawal.text.js'
import type { WithdrawalRow } from '../../../src/withdrawals/withdrawal.table.js'

describe(pendingText.name, () => {
  const row = { id: '42', amount_fen: '1050', display_name: '小李', contact_id: 'wxid_abc123', requested_at: new Date('2026-12-01T18:34:00Z'), status: 'pending' as const }

  it.each([
    ['Asia/Shanghai', '2026-12-02 02:34'],
    ['UTC', '2026-12-01 18:34'],
    ['America/New_York', '2026-12-01 13:34'],
  ])('shows the request time in %s, naming the zone, and who it is for by name and contact id', (zone, local) => {
    expect(pendingText([row], zone).split('\n')).toEqual([
      `待审核的提现（时间为 ${zone}）：`,
      `42. ¥10.50 小李（wxid_abc123） ${local}`,
      '回复「通过 申请号」或「拒绝 申请号 原因」。',
    ])
  })

  it('says so when nothing waits', () => {
    expect(pendingText([], 'Asia/Shanghai')).toBe('没有待审核的提现。')
  })
})

describe('an approval whose payment is in flight or refused', () => {
  it('shows the operator a payment not confirmed yet in the queue', () => {
    const paying = { id: '43', amount_fen: '200', display_name: '小王', contact_id: 'wxid_w', requested_at: new Date('2026-12-01T18:34:00Z'), status: 'paying' as const }
    expect(pendingText([paying], 'UTC').split('\n')[1]).toBe('43. ¥2.00 小王（wxid_w） 2026-12-01 18:34 已通过，打款结果未确认（再发「通过 申请号」查询）')
  })

  it.each([
    [{ kind: 'paid', id: '7', amountFen: 100, reason: null }, '已通过提现 7（¥1.00），已通知用户。'],
    [{ kind: 'paying', id: '7', amountFen: 100 }, '提现 7（¥1.00）已通过，正在打款，结果还未确认。打款确认后会自动记账并通知用户；可以再发「通过 7」查询。'],
    [{ kind: 'failed', id: '7', amountFen: 100, reason: '收款账户异常' }, '提现 7（¥1.00）打款失败：收款账户异常。金额已退回用户余额，已通知用户。'],
    [{ kind: 'cannot-reject', id: '7', amountFen: 100 }, '提现 7（¥1.00）已通过并在打款中，不能再拒绝。'],
    [{ kind: 'already-decided', id: '7', status: 'paid' }, '提现申请 7 已经处理过了。当前状态：已打款。'],
    [{ kind: 'already-decided', id: '7', status: 'failed' }, '提现申请 7 已经处理过了。当前状态：打款失败。'],
  ] as const)('tells the operator %j', (outcome, text) => {
    expect(decisionText(outcome)).toBe(text)
  })

  it.each([
    ['pending', null, '1. ¥1.00 审核中'],
    ['paying', null, '1. ¥1.00 打款中'],
    ['paid', null, '1. ¥1.00 已打款'],
    ['rejected', '信息不符', '1. ¥1.00 未通过（信息不符）'],
    ['failed', '收款账户异常', '1. ¥1.00 打款失败，已退回余额（收款账户异常）'],
  ] as const)('提现记录 shows %s in Chinese', (status, reason, line) => {
    const row: WithdrawalRow = {
      id: '1',
      user_id: '9',
      amount_fen: '100',
      status,
      reason,
      decided_by: null,
      payout_reference: null,
      requested_at: new Date(),
      decided_at: null,
      payout_key: null,
      payout_adapter: null,
      payout_started_at: null,
    }
    expect(withdrawalsText([row]).split('\n')[1]).toBe(line)
  })
})
