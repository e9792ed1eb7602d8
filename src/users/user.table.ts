import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

export interface UserTable {
  id: Generated<string>
  /** The chat contact id (Wechaty contact id). */
  contact_id: string
  display_name: ColumnType<string, string | undefined, string>
  /** Our per-user id that promo links carry (JD subUnionId, PDD uid, Taobao external_id). */
  attribution_id: string
  taobao_relation_id: string | null
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, never, Date>
}

export type UserRow = Selectable<UserTable>
export type NewUserRow = Insertable<UserTable>
