import { applyRateBp } from '../../money/fen.js'
import type { SimOrder } from '../sim-orders.js'
import { jdUnionItemId } from './jd-union-item-id.js'
import { beijingDay, beijingTime, twentiethOfNextMonth } from './jd-sim-time.js'

const yuan = (fen: number): number => fen / 100

/** validCode 16 已付款, 17 已完成, 3 取消, 19 佣金比例为0. */
const VALID_CODE = { paid: 16, completed: 17, cancelled: 3, noCommission: 19 } as const

export interface JdOrderRowContext {
  readonly now: Date
  /** Our JD Union account id, echoed on every row. */
  readonly unionId: number
}

/**
 * One order.row.query row for a simulated order. A completed row (17) says
 * whether it has settled only through payMonth: a future day (the 20th of
 * next month) until settlement, then the settlement day. A refund before
 * receipt cancels the row (3, estimateFee 0); after receipt the row stays 17
 * and JD rewrites actualFee/actualCosPrice to 0, the day of that rewrite
 * (or of the earlier settlement) standing as payMonth.
 */
export function jdOrderRowDto(order: SimOrder, context: JdOrderRowContext): Record<string, unknown> {
  const { item } = order
  const completed = order.receivedAt !== undefined
  const estimateFen = order.status === 'refunded' && !completed ? 0 : applyRateBp(order.paidFen, item.commissionRateBp)
  return {
    id: order.subOrderId,
    orderId: Number(order.orderId),
    parentId: 0,
    orderTime: beijingTime(order.createdAt),
    finishTime: order.receivedAt ? beijingTime(order.receivedAt) : '',
    modifyTime: beijingTime(order.updatedAt),
    skuId: numberWhenSafe(item.apiId),
    // 联盟商品ID beside the sku on rows since 2024-12 (mimicode/tksdk jdunionopenorderrowquery `itemId`).
    itemId: jdUnionItemId(item.itemKey),
    skuName: item.title,
    skuNum: order.quantity,
    skuReturnNum: order.status === 'refunded' ? order.quantity : 0,
    skuFrozenNum: 0,
    price: yuan(item.priceFen),
    commissionRate: item.commissionRateBp / 100,
    subSideRate: 100,
    subsidyRate: 0,
    finalRate: 100,
    estimateCosPrice: yuan(order.paidFen),
    estimateFee: yuan(estimateFen),
    actualCosPrice: completed && order.status !== 'refunded' ? yuan(order.paidFen) : 0,
    actualFee: completed ? yuan(order.commissionFen) : 0,
    validCode: validCode(order),
    payMonth: payMonth(order, context.now),
    ...(order.refundedAfterSettlement ? { balanceExt: balanceExt(order, estimateFen) } : {}),
    subUnionId: order.attributionId ?? '',
    positionId: 0,
    unionId: context.unionId,
    plus: 0,
    traceType: 2,
  }
}

function validCode(order: SimOrder): number {
  switch (order.status) {
    case 'paid':
      return VALID_CODE.paid
    case 'received':
    case 'settled':
      return VALID_CODE.completed
    case 'invalid':
      return VALID_CODE.noCommission
    case 'refunded':
      return order.receivedAt ? VALID_CODE.completed : VALID_CODE.cancelled
  }
}

function payMonth(order: SimOrder, now: Date): number {
  if (order.settledAt) return beijingDay(order.settledAt)
  if (!order.receivedAt) return 0
  if (order.refundedAt) return beijingDay(order.refundedAt)
  // Still ahead, however long the simulated clock has run since receipt.
  return twentiethOfNextMonth(new Date(Math.max(order.receivedAt.getTime(), now.getTime())))
}

/** Per-settlement-day commission deltas in JD's own notation: paid out, then clawed back. */
function balanceExt(order: SimOrder, feeFen: number): string {
  const settled = order.settledAt ? beijingDay(order.settledAt) : 0
  const refunded = order.refundedAt ? beijingDay(order.refundedAt) : settled
  return `{${settled}:${yuan(feeFen)},${refunded}:${yuan(-feeFen)}}`
}

function numberWhenSafe(id: string): number | string {
  const value = Number(id)
  return Number.isSafeInteger(value) ? value : id
}
