import { describe, expect, it } from 'vitest'
import { withdrawalNotice } from '../../../src/withdrawals/withdrawal-notice.text.js'

describe(withdrawalNotice.name, () => {
  it.each([
    ['paid', null, '提现成功：¥12.50（申请号 8）已打款，请查收。'],
    ['rejected', '信息不符', '提现未通过：¥12.50（申请号 8），原因：信息不符。金额已退回可提现余额。'],
    ['failed', '收款账户异常', '提现打款失败：¥12.50（申请号 8），原因：收款账户异常。金额已退回可提现余额，可以重新申请提现。'],
    ['failed', null, '提现打款失败：¥12.50（申请号 8），原因：未说明。金额已退回可提现余额，可以重新申请提现。'],
  ] as const)('%s (%s)', (kind, reason, text) => {
    expect(withdrawalNotice(kind, { id: '8', amountFen: 1250, reason })).toBe(text)
  })
})
