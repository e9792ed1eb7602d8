import type { ColumnType, Generated } from 'kysely'

/** One operator action (login, approve, reject, assign, pause, resume…): append-only, who, what, when, before → after. */
export interface AuditLogTable {
  id: Generated<string>
  at: ColumnType<Date, never, never>
  actor_user_id: string | null
  actor_contact_id: string
  action: string
  target_kind: string
  target_id: string
  /** JSON: written as text, read back parsed. */
  before: ColumnType<unknown, string | null, never>
  after: ColumnType<unknown, string | null, never>
  reason: string | null
}
