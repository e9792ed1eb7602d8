import { yuan } from '../money/fen.js'
import type { ClaimOutcome } from './claim-order.service.js'

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
      return `订单 ${outcome.orderId} 的商品不是你通过我领取的链接购买的，无法绑定。如有疑问请联系客服。`
    case 'disputed':
      return `订单 ${outcome.orderId} 暂时不能绑定：付款前不久还有别人领过同一商品的链接，无法确认是你买的。请把订单截图发给客服核实。`
  }
}
