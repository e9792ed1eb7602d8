import type { ColumnType, Generated } from 'kysely'

/** A notice committed with its ledger movement, not yet sent (the bot confirms a send by deleting the row). */
export interface NoticeOutboxTable {
  id: Generated<string>
  contact_id: string
  text: string
  /** The chat outbox's once-only key: handing the same notice over twice queues one message. */
  dedupe_key: string
  created_at: ColumnType<Date, never, never>
  /** When it was last handed to the chat outbox; null while it waits for room. Handed long ago and still here: handed again. */
  handed_at: ColumnType<Date | null, never, Date | null>
}
