import type { ColumnType } from 'kysely'

/** A landing page in front of a platform's authorization URL for one user (PDD 授权备案). */
export interface AuthorizationLinkTable {
  code: string
  user_id: string
  platform: string
  url: string
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, Date | undefined, Date>
}
