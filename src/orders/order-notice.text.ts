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
 *
 * `availableAfterFen` is the beneficiary's available balance right after this
 * movement (undefined: not known). A balance below zero is a debt (a refund
 * took back a rebate already withdrawn) that later rebates pay off first: a
 * rebate notice then says what it paid off and what is still owed, and a
 * clawback notice what is owed now, rather than "已转为可提现余额".
 */
export function movementNotice(facts: NoticeFacts, movement: Movement, role = 'buyer', availableAfterFen?: number): string | undefined {
  const title = short(facts.title)
  const total = movement.pendingDeltaFen + movement.availableDeltaFen
  const debt = debtWords(movement.availableDeltaFen, availableAfterFen)
  if (role === 'group_owner') return groupOwnerNotice(facts, movement, total, debt)
  if (role !== 'buyer') return referralNotice(role, movement, total, debt)
  switch (movement.kind) {
    case 'pending':
      return `订单已收到：「${title}」实付${yuan(facts.paidFen)}，预计返利${yuan(movement.pendingDeltaFen)}（待结算，确认收货后平台结算即可提现）。订单号 ${facts.orderId}`
    case 'settle':
      return debt
        ? `返利到账：「${title}」${yuan(movement.availableDeltaFen)}，${debt}。发送「余额」查看。`
        : `返利到账：「${title}」${yuan(movement.availableDeltaFen)}已转为可提现余额。发送「余额」查看。`
    case 'reverse':
      return `订单「${title}」已${facts.status === 'invalid' ? '失效' : '退款'}，返利${yuan(-total)}已扣回${owing(debt)}。订单号 ${facts.orderId}`
    case 'adjust':
      if (movement.availableDeltaFen < 0) return `订单「${title}」部分退款，返利扣回${yuan(-movement.availableDeltaFen)}${owing(debt)}。订单号 ${facts.orderId}`
      if (movement.pendingDeltaFen === 0 && movement.availableDeltaFen > 0) {
        return `订单已结算：「${title}」返利${yuan(movement.availableDeltaFen)}已到账，${debt ?? '可提现'}。订单号 ${facts.orderId}`
      }
      return undefined
  }
}

/**
 * How a movement of the available balance met a debt, as words for the
 * notice; undefined when no debt is involved (or the balance is not known).
 * Money coming in pays the debt first; money taken back past zero is owed.
 */
function debtWords(deltaFen: number, afterFen: number | undefined): string | undefined {
  if (afterFen === undefined || deltaFen === 0) return undefined
  if (deltaFen < 0) return afterFen < 0 ? `仍欠${yuan(-afterFen)}` : undefined
  const beforeFen = afterFen - deltaFen
  if (beforeFen >= 0) return undefined
  const paidFen = Math.min(deltaFen, -beforeFen)
  if (afterFen < 0) return `已抵扣欠款${yuan(paidFen)}，仍欠${yuan(-afterFen)}（之后的返利会继续自动抵扣）`
  if (afterFen === 0) return `已抵扣欠款${yuan(paidFen)}，欠款已还清`
  return `其中${yuan(paidFen)}抵扣欠款，欠款已还清，${yuan(afterFen)}已转为可提现余额`
}

/** A clawback's tail when it leaves a debt: how much and how it is paid. */
const owing = (debt: string | undefined): string => (debt ? `，可提现余额不足，${debt}（会从之后的返利里自动抵扣）` : '')

/** Asks a user to claim an order several users were promoted (never guessed). */
export function claimRequestNotice(title: string): string {
  return `有一笔「${short(title)}」的订单无法自动确认是谁买的。如果是你买的，请发送「绑定订单 订单号」认领。`
}

/** Inviters hear about money that became theirs or was taken back, not about every pending order. */
function referralNotice(role: string, movement: Movement, total: number, debt: string | undefined): string | undefined {
  const who = role === 'l1' ? '好友' : '好友的好友'
  if (becameAvailable(movement)) {
    return debt
      ? `邀请奖励到账：${who}的订单已结算，${yuan(movement.availableDeltaFen)}，${debt}。`
      : `邀请奖励到账：${who}的订单已结算，${yuan(movement.availableDeltaFen)}已转为可提现余额。`
  }
  if (movement.kind === 'reverse' && movement.availableDeltaFen < 0) return `${who}的订单退款，邀请奖励${yuan(-total)}已扣回${owing(debt)}。`
  if (movement.kind === 'adjust' && movement.availableDeltaFen < 0) return `${who}的订单部分退款，邀请奖励扣回${yuan(-movement.availableDeltaFen)}${owing(debt)}。`
  return undefined
}

/** A group owner hears about orders their pushes brought in: seen, settled, taken back. */
function groupOwnerNotice(facts: NoticeFacts, movement: Movement, total: number, debt: string | undefined): string | undefined {
  const title = short(facts.title)
  if (movement.kind === 'pending') return `群订单：「${title}」实付${yuan(facts.paidFen)}，预计佣金${yuan(movement.pendingDeltaFen)}（待结算）。`
  if (becameAvailable(movement)) {
    return debt
      ? `群订单佣金到账：「${title}」${yuan(movement.availableDeltaFen)}，${debt}。`
      : `群订单佣金到账：「${title}」${yuan(movement.availableDeltaFen)}已转为可提现余额。`
  }
  if (total < 0 && (movement.kind === 'reverse' || movement.availableDeltaFen < 0)) return `群订单「${title}」退款，佣金${yuan(-total)}已扣回${owing(debt)}。`
  return undefined
}
