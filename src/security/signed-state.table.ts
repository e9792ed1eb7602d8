import type { ColumnType } from 'kysely'

/** A one-time state handed to a browser (e.g. Taobao OAuth): bound to a user, expires, works once. */
export interface SignedStateTable {
  nonce: string
  purpose: string
  user_id: string
  expires_at: Date
  used_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  created_at: ColumnType<Date, never, never>
}

/** Secrets every process shares, generated on first use (e.g. the key that signs states). */
export interface AppSecretTable {
  name: string
  value: string
  created_at: ColumnType<Date, never, never>
}
