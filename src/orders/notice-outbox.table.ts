import type { ColumnType, Generated } from 'kysely'

/** A notice committed with its ledger movement, not yet handed to the chat outbox. */
export interface NoticeOutboxTable {
  id: Generated<string>
  contact_id: string
  text: string
  /** The chat outbox's once-only key: handing the same notice over twice queues one message. */
  dedupe_key: string
  created_at: ColumnType<Date, never, never>
}
