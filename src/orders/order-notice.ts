import { becameAvailable, type Movement } from '../ledger/rebate-position.js'
import { yuan } from '../money/fen.js'
import type { OrderStatus } from '../platforms/order-feed.js'

export interface NoticeFacts {
  readonly title: string
  readonly orderId: string
  readonly paidFen: number
  readonly status: OrderStatus
}

const short = (title: string): string => (title.length > 24 ? `${title.slice(0, 24)}…` : title)

/**
 * What to tell a buyer about a ledger movement on their order, or undefined
 * when it is not worth a message (an estimate revised while pending). Each
 * movement is posted exactly once, so each notice is sent at most once.
 */
export function movementNotice(facts: NoticeFacts, movement: Movement, role = 'buyer'): string | undefined {
  const title = short(facts.title)
  const total = movement.pendingDeltaFen + movement.availableDeltaFen
  if (role === 'group_owner') return groupOwnerNotice(facts, movement, total)
  if (role !== 'buyer') return referralNotice(role, movement, total)
  switch (movement.kind) {
    case 'pending':
      return `订单已收到：「${title}」实付${yuan(facts.paidFen)}，预计返利${yuan(movement.pendingDeltaFen)}（待结算，确认收货后平台结算即可提现）。订单号 ${facts.orderId}`
    case 'settle':
      return `返利到账：「${title}」${yuan(movement.availableDeltaFen)}已转为可提现余额。发送「余额」查看。`
    case 'reverse':
      return `订单「${title}」已${facts.status === 'invalid' ? '失效' : '退款'}，返利${yuan(-total)}已扣回。订单号 ${facts.orderId}`
    case 'adjust':
      if (movement.availableDeltaFen < 0) return `订单「${title}」部分退款，返利扣回${yuan(-movement.availableDeltaFen)}。订单号 ${facts.orderId}`
      if (movement.pendingDeltaFen === 0 && movement.availableDeltaFen > 0) {
        return `订单已结算：「${title}」返利${yuan(movement.availableDeltaFen)}已到账，可提现。订单号 ${facts.orderId}`
      }
      return undefined
  }
}

/** Asks a user to claim an order several users were promoted (never guessed). */
export function claimRequestNotice(title: string): string {
  return `有一笔「${short(title)}」的订单无法自动确认是谁买的。如果是你买的，请发送「绑定订单 订单号」认领。`
}

/** Inviters hear about money that became theirs or was taken back, not about every pending order. */
function referralNotice(role: string, movement: Movement, total: number): string | undefined {
  const who = role === 'l1' ? '好友' : '好友的好友'
  if (becameAvailable(movement)) {
    return `邀请奖励到账：${who}的订单已结算，${yuan(movement.availableDeltaFen)}已转为可提现余额。`
  }
  if (movement.kind === 'reverse' && movement.availableDeltaFen < 0) return `${who}的订单退款，邀请奖励${yuan(-total)}已扣回。`
  if (movement.kind === 'adjust' && movement.availableDeltaFen < 0) return `${who}的订单部分退款，邀请奖励扣回${yuan(-movement.availableDeltaFen)}。`
  return undefined
}

/** A group owner hears about orders their pushes brought in: seen, settled, taken back. */
function groupOwnerNotice(facts: NoticeFacts, movement: Movement, total: number): string | undefined {
  const title = short(facts.title)
  if (movement.kind === 'pending') return `群订单：「${title}」实付${yuan(facts.paidFen)}，预计佣金${yuan(movement.pendingDeltaFen)}（待结算）。`
  if (becameAvailable(movement)) {
    return `群订单佣金到账：「${title}」${yuan(movement.availableDeltaFen)}已转为可提现余额。`
  }
  if (total < 0 && (movement.kind === 'reverse' || movement.availableDeltaFen < 0)) return `群订单「${title}」退款，佣金${yuan(-total)}已扣回。`
  return undefined
}
