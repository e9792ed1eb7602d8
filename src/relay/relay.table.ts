import type { ColumnType, Generated, Selectable } from 'kysely'

/** A conversation whose deal copies an owner relays to their groups. */
export interface RelaySourceTable {
  id: Generated<string>
  owner_contact_id: string
  /** The room id of a group, the contact id of a person. */
  source_id: string
  name: string
  kind: 'group' | 'contact'
  created_at: ColumnType<Date, never, never>
}

export type RelaySourceRow = Selectable<RelaySourceTable>

/** An owner's relay filters; no row means relay everything. */
export interface RelayFilterTable {
  owner_contact_id: string
  min_coupon_fen: ColumnType<number, number | undefined, number>
  min_commission_fen: ColumnType<number, number | undefined, number>
  /** Empty: every platform. */
  platforms: ColumnType<string[], string[] | undefined, string[]>
  blocked_keywords: ColumnType<string[], string[] | undefined, string[]>
  updated_at: ColumnType<Date, Date | undefined, Date>
}

export type RelayFilterRow = Selectable<RelayFilterTable>

export type RelayOutcome = 'relayed' | 'filtered' | 'duplicate'

/** One item of a relayed copy and what became of it in one target group (filtered copies have no group). */
export interface RelayLogTable {
  id: Generated<string>
  owner_contact_id: string
  source_id: string
  platform: string | null
  item_id: string | null
  room_id: string | null
  outcome: RelayOutcome
  reason: string | null
  /** A relayed item's push_history slot in its group (`slot#platform-item`): a relay the outbox dropped is marked there. */
  slot: string | null
  at: ColumnType<Date, Date | undefined, never>
}
