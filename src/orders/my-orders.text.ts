import { yuan } from '../money/fen.js'
import type { MyOrder } from './my-orders.service.js'

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
