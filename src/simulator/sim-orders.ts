import type { Platform } from '../links/parsed-link.js'
import { simItem, simPriceAfterCoupon, type SimItem } from './catalog.js'
import { digits } from './sim-hash.js'

export type SimOrderStatus = 'paid' | 'received' | 'settled' | 'invalid' | 'refunded'

/**
 * One simulated sub-order (one item line). Each platform's order API renders
 * these in its own shape and status codes; `updatedAt` drives the
 * by-update-time queries the sync workers use.
 */
export interface SimOrder {
  readonly platform: Platform
  /** The order number the buyer sees (Taobao trade_parent_id, JD orderId, PDD order_sn). */
  readonly orderId: string
  /** The unique row key (Taobao trade_id, JD row id, PDD order_sn). */
  readonly subOrderId: string
  readonly item: SimItem
  readonly quantity: number
  /** What the buyer paid, coupon applied, in fen. */
  readonly paidFen: number
  status: SimOrderStatus
  /** The platform's commission for us on this row, in fen; changes on refund. */
  commissionFen: number
  /** The id the promo link carried (JD subUnionId, PDD uid; never on Taobao); undefined when none. */
  readonly attributionId: string | undefined
  readonly relationId: string | undefined
  /** Set for orders that came through another promoter's sub-account (not one of our users). */
  readonly otherPromoter: boolean
  readonly createdAt: Date
  readonly paidAt: Date
  receivedAt: Date | undefined
  settledAt: Date | undefined
  refundedAt: Date | undefined
  /** Refunded (维权) after it had settled: Taobao claws back, JD rewrites actualFee. */
  refundedAfterSettlement: boolean
  updatedAt: Date
}

export interface BuyOptions {
  readonly platform: Platform
  readonly itemKey: string
  readonly quantity?: number
  readonly attributionId?: string | undefined
  readonly relationId?: string | undefined
  readonly otherPromoter?: boolean
}

export class SimOrderError extends Error {}

/** The simulated platforms' order books: purchases, receipts, settlements, refunds. */
export class SimOrders {
  readonly #orders = new Map<string, SimOrder>()
  readonly #now: () => Date
  #sequence = 0

  constructor(now: () => Date) {
    this.#now = now
  }

  /** A purchase of one item line, paying the price after coupon. */
  buy(options: BuyOptions): SimOrder {
    const item = simItem(options.platform, options.itemKey)
    const quantity = options.quantity ?? 1
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 99) throw new SimOrderError('quantity must be 1..99')
    const seq = ++this.#sequence
    const now = this.#now()
    const paidFen = simPriceAfterCoupon(item) * quantity
    const ids = orderIds(options.platform, seq, now)
    const order: SimOrder = {
      platform: options.platform,
      ...ids,
      item,
      quantity,
      paidFen,
      status: item.inProgram ? 'paid' : 'invalid',
      commissionFen: item.inProgram ? Math.floor((paidFen * item.commissionRateBp) / 10_000) : 0,
      attributionId: options.attributionId,
      relationId: options.relationId,
      otherPromoter: options.otherPromoter ?? false,
      createdAt: now,
      paidAt: now,
      receivedAt: undefined,
      settledAt: undefined,
      refundedAt: undefined,
      refundedAfterSettlement: false,
      updatedAt: now,
    }
    this.#orders.set(order.orderId, order)
    return order
  }

  get(orderId: string): SimOrder | undefined {
    return this.#orders.get(orderId)
  }

  /** The buyer confirms receipt. */
  receive(orderId: string): SimOrder {
    const order = this.#require(orderId)
    if (order.status !== 'paid') throw new SimOrderError(`order ${orderId} is ${order.status}, not paid`)
    order.status = 'received'
    order.receivedAt = this.#touch(order)
    return order
  }

  /** The platform settles every received order now (its monthly run, brought forward). */
  settleAll(platform?: Platform): SimOrder[] {
    const settled: SimOrder[] = []
    for (const order of this.#orders.values()) {
      if (order.status !== 'received' || (platform && order.platform !== platform)) continue
      order.status = 'settled'
      order.settledAt = this.#touch(order)
      settled.push(order)
    }
    return settled
  }

  /** A refund: before settlement the row turns invalid; after, the commission is clawed back. */
  refund(orderId: string): SimOrder {
    const order = this.#require(orderId)
    if (order.status === 'invalid' || order.status === 'refunded') {
      throw new SimOrderError(`order ${orderId} is already ${order.status}`)
    }
    order.refundedAfterSettlement = order.status === 'settled'
    order.status = 'refunded'
    order.commissionFen = 0
    order.refundedAt = this.#touch(order)
    return order
  }

  /** Rows of a platform updated in [start, end), oldest update first (ties by order id). */
  updatedBetween(platform: Platform, start: Date, end: Date): SimOrder[] {
    const from = start.getTime()
    const to = end.getTime()
    return [...this.#orders.values()]
      .filter((o) => o.platform === platform && o.updatedAt.getTime() >= from && o.updatedAt.getTime() < to)
      .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || a.subOrderId.localeCompare(b.subOrderId))
  }

  all(): SimOrder[] {
    return [...this.#orders.values()]
  }

  #require(orderId: string): SimOrder {
    const order = this.#orders.get(orderId)
    if (!order) throw new SimOrderError(`no order ${orderId}`)
    return order
  }

  #touch(order: SimOrder): Date {
    const now = this.#now()
    // Every change is a new update time, strictly later than the last, as the feeds require.
    order.updatedAt = new Date(Math.max(now.getTime(), order.updatedAt.getTime() + 1))
    return order.updatedAt
  }
}

function orderIds(platform: Platform, seq: number, now: Date): { orderId: string; subOrderId: string } {
  const seed = `order:${platform}:${seq}:${now.getTime()}`
  switch (platform) {
    case 'taobao':
      return { orderId: digits(seed, 19), subOrderId: digits(`${seed}:sub`, 19) }
    case 'jd': {
      const orderId = digits(seed, 12)
      return { orderId, subOrderId: digits(`${seed}:row`, 18) }
    }
    case 'pdd': {
      const sn = `${now.toISOString().slice(2, 10).replaceAll('-', '')}-${digits(seed, 15)}`
      return { orderId: sn, subOrderId: sn }
    }
  }
}
