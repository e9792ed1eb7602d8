import { describe, expect, it } from 'vitest'
import type { Movement } from '../../../src/ledger/rebate-position.js'
import { movementNotice, type NoticeFacts } from '../../../src/orders/order-notice.text.js'

const facts: NoticeFacts = { title: '保温杯', orderId: '1001', paidFen: 5990, status: 'settled' }
const settle = (fen: number): Movement => ({ kind: 'settle', pendingDeltaFen: -fen, availableDeltaFen: fen })
const seenSettled = (fen: number): Movement => ({ kind: 'adjust', pendingDeltaFen: 0, availableDeltaFen: fen })
const reverse = (fen: number): Movement => ({ kind: 'reverse', pendingDeltaFen: 0, availableDeltaFen: -fen })
const partial = (fen: number): Movement => ({ kind: 'adjust', pendingDeltaFen: 0, availableDeltaFen: -fen })

describe(movementNotice.name, () => {
  // [case, movement, role, available balance right after the movement, expected text]
  const table: [string, Movement, string, number | undefined, string][] = [
    ['no debt: as before', settle(1056), 'buyer', 3000, '返利到账：「保温杯」¥10.56已转为可提现余额。发送「余额」查看。'],
    ['balance not known: as before', settle(1056), 'buyer', undefined, '返利到账：「保温杯」¥10.56已转为可提现余额。发送「余额」查看。'],
    ['balance was exactly zero: no debt', settle(1056), 'buyer', 1056, '返利到账：「保温杯」¥10.56已转为可提现余额。发送「余额」查看。'],
    [
      'still owing after it',
      settle(1056),
      'buyer',
      -8684,
      '返利到账：「保温杯」¥10.56，已抵扣欠款¥10.56，仍欠¥86.84（之后的返利会继续自动抵扣）。发送「余额」查看。',
    ],
    ['clears the debt exactly', settle(1056), 'buyer', 0, '返利到账：「保温杯」¥10.56，已抵扣欠款¥10.56，欠款已还清。发送「余额」查看。'],
    [
      'clears the debt with money to spare',
      settle(2000),
      'buyer',
      1200,
      '返利到账：「保温杯」¥20.00，其中¥8.00抵扣欠款，欠款已还清，¥12.00已转为可提现余额。发送「余额」查看。',
    ],
    [
      'first seen settled, still owing',
      seenSettled(500),
      'buyer',
      -100,
      '订单已结算：「保温杯」返利¥5.00已到账，已抵扣欠款¥5.00，仍欠¥1.00（之后的返利会继续自动抵扣）。订单号 1001',
    ],
    ['first seen settled, no debt', seenSettled(500), 'buyer', 700, '订单已结算：「保温杯」返利¥5.00已到账，可提现。订单号 1001'],
    [
      'inviter reward while owing',
      settle(300),
      'l1',
      -200,
      '邀请奖励到账：好友的订单已结算，¥3.00，已抵扣欠款¥3.00，仍欠¥2.00（之后的返利会继续自动抵扣）。',
    ],
    ['inviter reward clearing the debt', settle(300), 'l2', 100, '邀请奖励到账：好友的好友的订单已结算，¥3.00，其中¥2.00抵扣欠款，欠款已还清，¥1.00已转为可提现余额。'],
    ['inviter reward, no debt', settle(300), 'l1', 900, '邀请奖励到账：好友的订单已结算，¥3.00已转为可提现余额。'],
    [
      'group owner commission while owing',
      settle(800),
      'group_owner',
      -50,
      '群订单佣金到账：「保温杯」¥8.00，已抵扣欠款¥8.00，仍欠¥0.50（之后的返利会继续自动抵扣）。',
    ],
    ['group owner commission, no debt', settle(800), 'group_owner', 800, '群订单佣金到账：「保温杯」¥8.00已转为可提现余额。'],
    [
      'refund clawback into debt',
      reverse(9740),
      'buyer',
      -8684,
      '订单「保温杯」已退款，返利¥97.40已扣回，可提现余额不足，仍欠¥86.84（会从之后的返利里自动抵扣）。订单号 1001',
    ],
    ['refund clawback covered by the balance', reverse(9740), 'buyer', 260, '订单「保温杯」已退款，返利¥97.40已扣回。订单号 1001'],
    [
      'partial refund into debt',
      partial(300),
      'buyer',
      -100,
      '订单「保温杯」部分退款，返利扣回¥3.00，可提现余额不足，仍欠¥1.00（会从之后的返利里自动抵扣）。订单号 1001',
    ],
    ['inviter clawback into debt', reverse(300), 'l1', -300, '好友的订单退款，邀请奖励¥3.00已扣回，可提现余额不足，仍欠¥3.00（会从之后的返利里自动抵扣）。'],
    ['group owner clawback into debt', reverse(800), 'group_owner', -10, '群订单「保温杯」退款，佣金¥8.00已扣回，可提现余额不足，仍欠¥0.10（会从之后的返利里自动抵扣）。'],
  ]
  it.each(table)('%s', (_case, movement, role, after, expected) => {
    expect(movementNotice(facts, movement, role, after)).toBe(expected)
  })

  it('a pending estimate says nothing of the balance, even while owing (pending money pays no debt)', () => {
    const pending: Movement = { kind: 'pending', pendingDeltaFen: 600, availableDeltaFen: 0 }
    expect(movementNotice({ ...facts, status: 'paid' }, pending, 'buyer', -5000)).toBe(
      '订单已收到：「保温杯」实付¥59.90，预计返利¥6.00（待结算，确认收货后平台结算即可提现）。订单号 1001',
    )
  })
})
