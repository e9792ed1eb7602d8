import type { ColumnType, Generated, Selectable } from 'kysely'
import type { Platform } from '../links/parsed-link.js'

/** A WeChat group the bot is in, with its owner's settings. */
export interface GroupTable {
  room_id: string
  topic: ColumnType<string, string | undefined, string>
  /** Who may change the settings (with the configured operators). */
  owner_contact_id: string | null
  /** Whether members' pasted links are converted here. */
  rebate_enabled: ColumnType<boolean, boolean | undefined, boolean>
  /** Cron expressions (Beijing time by default) of automatic pushes. */
  push_schedules: ColumnType<string[], string[] | undefined, string[]>
  push_categories: ColumnType<string[], string[] | undefined, string[]>
  push_paused: ColumnType<boolean, boolean | undefined, boolean>
  /** People in the group when the bot last counted (the funnel's CTR); null until known. */
  member_count: ColumnType<number | null, number | null | undefined, number | null>
  member_count_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  /** Whether the owner's relay sources are relayed here (转发). */
  relay_enabled: ColumnType<boolean, boolean | undefined, boolean>
  /** True once the owner chose 开启返利/关闭返利 (a relay source group answers links only then). */
  rebate_set_by_owner: ColumnType<boolean, boolean | undefined, boolean>
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, Date | undefined, Date>
}

export type GroupRow = Selectable<GroupTable>

/** What was pushed to which group in which schedule slot (dedupe and reports). */
export interface PushHistoryTable {
  id: Generated<string>
  room_id: string
  slot: string
  platform: Platform
  item_id: string
  title: string
  pushed_at: ColumnType<Date, Date | undefined, never>
  /** Set when the outbox dropped the push (quiet hours in drop mode, daily cap): it never reached the group. */
  dropped_at: ColumnType<Date | null, never, Date>
  drop_reason: ColumnType<string | null, never, string>
}
