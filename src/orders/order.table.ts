import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'
import type { Platform } from '../links/parsed-link.js'
import type { OrderStatus } from '../platforms/order-feed.js'

type Fen = ColumnType<string, number, number>

/** How an order got its user, best rung first; 'operator' is an operator's assignment from the console (outside the ladder). */
export type AttributionMethod = 'platform_id' | 'recent_promotion' | 'claim' | 'operator'
/** Why an order has no user: another promoter's id, or several users were promoted the item. */
export type AttributionNote = 'ambiguous' | 'foreign'

/** One platform sub-order, in the state the status machine last accepted. */
export interface OrderTable {
  id: Generated<string>
  platform: Platform
  sub_order_id: string
  order_id: string
  item_id: string
  item_title: string
  quantity: number
  paid_fen: Fen
  status: OrderStatus
  estimated_commission_fen: Fen
  settled_commission_fen: ColumnType<string | null, number | null, number | null>
  platform_attribution_id: string | null
  relation_id: string | null
  paid_at: Date
  received_at: Date | null
  settled_at: Date | null
  platform_updated_at: Date
  user_id: string | null
  attribution: AttributionMethod | null
  attribution_note: AttributionNote | null
  attributed_at: Date | null
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, Date | undefined, Date>
}

export interface OrderSyncCursorTable {
  platform: Platform
  synced_until: Date
  stopped_reason: string | null
  /** Rows the platform sent that failed validation, all time (logged one by one as they came). */
  rejected_rows: ColumnType<string, number | undefined, number>
  updated_at: ColumnType<Date, Date | undefined, Date>
}

export type OrderRow = Selectable<OrderTable>
export type NewOrderRow = Insertable<OrderTable>

/** What crediting reads of an order: its lock query returns only these columns (fewer to parse, one timestamp). */
export type CreditOrderRow = Pick<
  OrderRow,
  | 'id'
  | 'platform'
  | 'sub_order_id'
  | 'order_id'
  | 'item_id'
  | 'item_title'
  | 'paid_fen'
  | 'status'
  | 'estimated_commission_fen'
  | 'settled_commission_fen'
  | 'platform_attribution_id'
  | 'relation_id'
  | 'paid_at'
  | 'user_id'
  | 'attribution'
  | 'attribution_note'
>
