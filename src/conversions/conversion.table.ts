import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'
import type { Platform } from '../links/parsed-link.js'

/** int8 columns come back from pg as strings; we write numbers. */
type Fen = ColumnType<string, number, number>

/** One promo link handed to one user: who asked for which item, when, with which attribution. */
export interface ConversionTable {
  id: Generated<string>
  user_id: string
  room_id: string | null
  platform: Platform
  item_id: string
  material: string
  attribution_id: string
  promo_url: string
  tpwd: string | null
  title: string
  price_fen: Fen
  coupon_fen: Fen
  price_after_coupon_fen: Fen
  commission_rate_bp: number
  commission_fen: Fen
  rebate_fen: Fen
  /** 'push' for links given out as group pushes: their orders earn the owner the group-owner share. */
  purpose: ColumnType<'reply' | 'push', 'reply' | 'push' | undefined, never>
  created_at: ColumnType<Date, never, never>
}

export type ConversionRow = Selectable<ConversionTable>
export type NewConversionRow = Insertable<ConversionTable>
