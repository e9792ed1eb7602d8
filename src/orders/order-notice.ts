import { formatYuan } from '../money/fen.js'
import type { OrderStatus } from '../platforms/order-feed.js'

export interface NoticeFacts {
  readonly title: string
  readonly orderId: string
  readonly paidFen: number
  /** The buyer's rebate at the new status (pending amount, available amount, or what was taken back). */
  readonly rebateFen: number
}

const short = (title: string): string => (title.length > 24 ? `${title.slice(0, 24)}…` : title)

/**
 * What to tell a buyer when their order moves from `told` (what they were
 * last told, null if nothing) to `status`; undefined when the move is not
 * worth a message (receipt, or a reversal of an order they never heard of).
 */
export function orderNotice(told: OrderStatus | null, status: OrderStatus, facts: NoticeFacts): string | undefined {
  if (told === status) return undefined
  const yuan = (fen: number): string => `¥${formatYuan(fen)}`
  switch (status) {
    case 'paid':
    case 'received':
      if (told !== null) return undefined
      return `订单已收到：「${short(facts.title)}」实付${yuan(facts.paidFen)}，预计返利${yuan(facts.rebateFen)}（待结算，确认收货后平台结算即可提现）。订单号 ${facts.orderId}`
    case 'settled':
      return `返利到账：「${short(facts.title)}」${yuan(facts.rebateFen)}已转为可提现余额。发送「余额」查看。`
    case 'invalid':
    case 'refunded':
      if (told === null) return undefined
      return `订单「${short(facts.title)}」已${status === 'refunded' ? '退款' : '失效'}，返利${yuan(facts.rebateFen)}已扣回。订单号 ${facts.orderId}`
  }
}

/** Asks a user to claim an order several users were promoted (never guessed). */
export function claimRequestNotice(title: string): string {
  return `有一笔「${short(title)}」的订单无法自动确认是谁买的。如果是你买的，请发送「绑定订单 订单号」认领。`
}
