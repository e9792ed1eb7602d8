import type { ColumnType, Generated, Selectable } from 'kysely'

/** One page view or button press on a landing page. Append-only. */
export interface ClickTable {
  id: Generated<string>
  code: string
  at: Date
  action: 'view' | 'copy' | 'open'
  in_wechat: boolean
  /** Browser family from the user agent (e.g. wechat, chrome, safari, other). */
  browser: string
  /** HMAC of IP + user agent under the day's key (visitor_keys): no raw IP is stored. */
  visitor: string
  /** A link-preview fetch or crawler: kept, never counted as a click. */
  is_bot: ColumnType<boolean, boolean | undefined, boolean>
}

export type ClickRow = Selectable<ClickTable>

/** The day's random key for visitor hashes, shared by every web process; old days are deleted. */
export interface VisitorKeyTable {
  /** Beijing day, YYYY-MM-DD. */
  day: string
  key: string
  created_at: ColumnType<Date, never, never>
}
