import type { ColumnType } from 'kysely'

/** A console login: the SHA-256 of the cookie's token, whose it is, its CSRF token, and when it was last used. */
export interface ConsoleSessionTable {
  token_hash: string
  user_id: string
  contact_id: string
  csrf_token: string
  user_agent: string | null
  created_at: ColumnType<Date, never, never>
  last_seen_at: ColumnType<Date, Date | undefined, Date>
  ended_at: ColumnType<Date | null, never, Date | null>
}
