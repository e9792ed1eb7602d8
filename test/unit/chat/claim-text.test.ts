import { describe, expect, it } from 'vitest'
import { claimText } from '../../../src/orders/claim.text.js'
import type { ClaimOutcome } from '../../../src/orders/claim-order.service.js'

describe(claimText.name, () => {
  it.each<[ClaimOutcome | 'invalid-number', string]>([
    [{ kind: 'claimed', orderId: '123', title: '跳绳', orderRowIds: ['1'], rebateFen: 575 }, '已绑定订单 123（跳绳），预计返利¥5.75已计入你的账户（待结算）。'],
    [{ kind: 'claimed', orderId: '123', title: '跳绳', orderRowIds: ['1'], rebateFen: 0 }, '已绑定订单 123（跳绳），返利会计入你的账户。'],
    [{ kind: 'disputed', orderId: '123' }, '订单 123 暂时不能绑定：付款前不久还有别人领过同一商品的链接，无法确认是你买的。请把订单截图发给客服核实。'],
    [{ kind: 'implausible', orderId: '123' }, '订单 123 的商品不是你通过我领取的链接购买的，无法绑定。如有疑问请联系客服。'],
    ['invalid-number', '订单号格式不对。请发送「绑定订单 订单号」，订单号可以在App的订单详情里复制。'],
  ])('%j', (outcome, text) => {
    expect(claimText(outcome)).toBe(text)
  })
})
