import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'
import type { Platform } from '../links/parsed-link.js'

/** One refund of one sub-order as the platform reported it; applied to the order once, when both are known. */
export interface OrderRefundTable {
  id: Generated<string>
  platform: Platform
  sub_order_id: string
  order_id: string
  refund_id: string
  /** Commission taken back, in fen; null: the platform left it empty (all of it). */
  commission_refund_fen: ColumnType<string | null, number | null, never>
  refunded_at: Date | null
  platform_updated_at: Date
  order_row_id: ColumnType<string | null, string | null | undefined, string>
  applied_at: ColumnType<Date | null, Date | null | undefined, Date>
  created_at: ColumnType<Date, never, never>
}

export type OrderRefundRow = Selectable<OrderRefundTable>
export type NewOrderRefundRow = Insertable<OrderRefundTable>
