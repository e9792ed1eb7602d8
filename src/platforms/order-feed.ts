import type { Platform } from '../links/parsed-link.js'

/** Our view of a platform order row's lifecycle (the status machine in src/orders works on this). */
export type OrderStatus = 'paid' | 'received' | 'settled' | 'invalid' | 'refunded'

/**
 * One sub-order (one item line) as a platform's order API reports it, in
 * our units: money in fen, times as Dates. The same row is reported again
 * whenever it changes; `subOrderId` is the key.
 */
export interface PlatformOrder {
  readonly platform: Platform
  /** The order number the buyer sees and may send to claim it. */
  readonly orderId: string
  /** Unique per platform: Taobao trade_id, JD row id, PDD order_sn. */
  readonly subOrderId: string
  /** The platform's item id (Taobao item_id, JD skuId, PDD goods_sign). */
  readonly itemId: string
  readonly itemTitle: string
  readonly quantity: number
  /** What the buyer paid for this line (the commission base), in fen. */
  readonly paidFen: number
  readonly status: OrderStatus
  /** The platform's estimate of our commission at payment (Taobao pub_share_pre_fee, JD estimateFee, PDD promotion_amount). */
  readonly estimatedCommissionFen: number
  /** Our commission once settled (Taobao pub_share_fee, JD actualFee, PDD promotion_amount at 结算); null before. */
  readonly settledCommissionFen: number | null
  /** The per-user id the promo link carried (JD subUnionId, PDD custom_parameters uid), if any; Taobao orders carry none. */
  readonly attributionId: string | null
  /** Taobao 渠道关系ID, if any. */
  readonly relationId: string | null
  readonly paidAt: Date
  readonly receivedAt: Date | null
  readonly settledAt: Date | null
  /** The row's last change on the platform's side. */
  readonly updatedAt: Date
}

/** A row the platform sent that failed validation: logged and skipped, never credited. */
export interface RejectedOrderRow {
  readonly reason: string
  readonly raw: unknown
  /** The row's order or sub-order id when it could be read, for the operator's log line. */
  readonly orderId?: string | undefined
  /** The first field that failed validation (dotted path), when one did. */
  readonly field?: string | undefined
}

/**
 * A refund reported apart from the order line it takes commission back
 * from (Taobao `order.refund.get` rows carry no item fields): it applies to
 * an order already stored, matched by order and sub-order id.
 */
export interface PlatformRefund {
  readonly platform: Platform
  /** The order number (Taobao tb_trade_parent_id). */
  readonly orderId: string
  /** The sub-order it applies to (Taobao tb_trade_id). */
  readonly subOrderId: string
  /** Unique per refund of the sub-order (Taobao refund_suit_id); a replay of the same refund repeats it. */
  readonly refundId: string
  /** Commission taken back from us by this refund, in fen; null when the platform left it empty (taken as all of it). */
  readonly commissionRefundFen: number | null
  readonly refundedAt: Date | null
  /** The refund row's last change on the platform's side. */
  readonly updatedAt: Date
}

export interface OrderPage {
  readonly orders: readonly PlatformOrder[]
  /** Refunds of stored orders reported on this page (Taobao's refund feed); absent or empty elsewhere. */
  readonly refunds?: readonly PlatformRefund[] | undefined
  readonly rejected: readonly RejectedOrderRow[]
  /** Pass back to fetch the next page of the same window; undefined on the last page. */
  readonly nextCursor: string | undefined
}

export interface OrderWindow {
  readonly start: Date
  readonly end: Date
}

/** A platform's incremental order feed, queried by update time. */
export interface OrderFeed {
  readonly platform: Platform
  /** The longest window one query may span (Taobao 3 h, JD 1 h, PDD 24 h). */
  readonly maxWindowMs: number
  /**
   * One page of rows updated within the window.
   * @param cursor undefined for the first page, else the previous page's nextCursor
   * @throws a PlatformError subclass (auth errors must stop the sync)
   */
  fetchOrderPage(window: OrderWindow, cursor: string | undefined): Promise<OrderPage>
}
