import type { Balances } from '../ledger/ledger.repository.js'
import { yuan } from '../money/fen.js'
import type { MyOrder } from '../orders/my-orders.service.js'
import type { ClaimOutcome } from '../orders/claim-order.service.js'

/**
 * A negative available balance (a refund took back a rebate already
 * withdrawn) reads as what is owed, not as "¥-97.40".
 */
export function balanceText(b: Balances): string {
  const owed = b.availableFen < 0 ? -b.availableFen : 0
  return [
    `你的返利账户：`,
    `可提现：${yuan(Math.max(0, b.availableFen))}`,
    ...(owed > 0 ? [`待抵扣：${yuan(owed)}（已提现订单退款扣回的返利，会从之后的返利里自动抵扣）`] : []),
    `待结算：${yuan(b.pendingFen)}`,
    ...(b.heldFen !== 0 ? [`提现审核中：${yuan(b.heldFen)}`] : []),
    `已提现：${yuan(b.withdrawnFen)}`,
  ].join('\n')
}

const STATUS_NAMES: Readonly<Record<MyOrder['status'], string>> = {
  paid: '已付款',
  received: '已收货',
  settled: '已结算',
  invalid: '已失效',
  refunded: '已退款',
}

export function ordersText(orders: readonly MyOrder[]): string {
  if (orders.length === 0) return '你还没有订单。通过我发的链接下单后，订单会自动出现在这里；没出现的可以发送「绑定订单 订单号」认领。'
  const lines = orders.map((o, i) => {
    const title = o.title.length > 16 ? `${o.title.slice(0, 16)}…` : o.title
    const rebate = o.rebateFen === null ? (o.status === 'invalid' ? '返利¥0.00' : '返利计算中') : `返利${yuan(o.rebateFen)}`
    return `${i + 1}. ${title} 实付${yuan(o.paidFen)} ${STATUS_NAMES[o.status]} ${rebate}\n   订单号 ${o.orderId}`
  })
  return [`最近的订单：`, ...lines].join('\n')
}

export function claimText(outcome: ClaimOutcome | 'invalid-number'): string {
  if (outcome === 'invalid-number') return '订单号格式不对。请发送「绑定订单 订单号」，订单号可以在App的订单详情里复制。'
  switch (outcome.kind) {
    case 'claimed':
      return outcome.rebateFen > 0
        ? `已绑定订单 ${outcome.orderId}（${outcome.title}），预计返利${yuan(outcome.rebateFen)}已计入你的账户（待结算）。`
        : `已绑定订单 ${outcome.orderId}（${outcome.title}），返利会计入你的账户。`
    case 'already-yours':
      return `订单 ${outcome.orderId} 已经在你名下了，发送「订单」查看。`
    case 'not-found':
      return `没找到订单 ${outcome.orderId}。刚下的单可能还没同步，请过几分钟再试，并确认订单号无误。`
    case 'taken':
      return `订单 ${outcome.orderId} 无法绑定：它已被认领，或不是通过本助手的链接购买的。`
    case 'implausible':
      return `订单 ${outcome.orderId} 的商品不是你通过我领取的链接购买的，无法绑定。如有疑问请联系管理员。`
    case 'disputed':
      return `订单 ${outcome.orderId} 暂时不能绑定：付款前不久还有别人领过同一商品的链接，无法确认是你买的。请把订单截图发给管理员核实。`
  }
}
