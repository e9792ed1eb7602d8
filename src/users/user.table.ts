import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

export interface UserTable {
  id: Generated<string>
  /** The chat contact id (Wechaty contact id). */
  contact_id: string
  display_name: ColumnType<string, string | undefined, string>
  /** Our per-user id that promo links carry (PDD uid; JD subUnionId on advanced accounts; Taobao echoes none). */
  attribution_id: string
  taobao_relation_id: string | null
  /** Short code friends send with 绑定 to become this user's invitees; made on first 邀请. */
  invite_code: string | null
  /** Who invited this user (level 1 upline); set once, never changed. */
  inviter_id: string | null
  invited_at: Date | null
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, never, Date>
}

export type UserRow = Selectable<UserTable>
export type NewUserRow = Insertable<UserTable>
