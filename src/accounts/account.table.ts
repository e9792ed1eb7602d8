import type { ColumnType, Selectable } from 'kysely'
import type { AccountState, SentToday } from './account-health.js'

/** One WeChat account: its bot writes the state every few seconds; operators set `paused`. */
export interface BotAccountTable {
  name: string
  /** What WeChat last said: logged in, logged out, or limited (pushes paused until an operator resumes it). */
  state: ColumnType<AccountState, AccountState | undefined, AccountState>
  state_reason: ColumnType<string | null, string | null | undefined, string | null>
  /** Pushes paused by an operator (暂停账号); replies and notices still go. */
  paused: ColumnType<boolean, boolean | undefined, boolean>
  paused_reason: ColumnType<string | null, string | null | undefined, string | null>
  /** When an operator last resumed it (恢复账号): the bot clears its own trouble when this moves. */
  resumed_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  /** When the account was first seen: the start of its warm-up. */
  first_seen_at: ColumnType<Date, never, never>
  last_seen_at: ColumnType<Date, Date | undefined, Date>
  /** The Beijing day `sent_today` counts (YYYY-MM-DD). */
  sent_day: ColumnType<string | null, string | null | undefined, string | null>
  sent_today: ColumnType<SentToday, string | undefined, string>
  /** Messages waiting in the account's outbox at the last heartbeat. */
  backlog: ColumnType<number, number | undefined, number>
  updated_at: ColumnType<Date, Date | undefined, Date>
}

export type BotAccountRow = Selectable<BotAccountTable>

/** Which account has seen which contact or group (a group has exactly one row: its owner account). */
export interface AccountContactTable {
  account: string
  conversation_id: string
  is_room: boolean
  last_seen_at: ColumnType<Date, Date | undefined, Date>
}
