import type { ColumnType, Generated, Selectable } from 'kysely'

/** A picture kept because it may go along with a copy (from a relay source, or an owner's direct chat). */
export interface PictureTable {
  id: Generated<string>
  conversation_id: string
  talker_id: string
  received_at: Date
  name: string
  media_type: string
  bytes: Buffer
  size: number
  /** The post it went with; null while it waits for a copy (or never found one). */
  post_id: ColumnType<string | null, string | null | undefined, string | null>
  placement: ColumnType<'before' | 'after' | null, 'before' | 'after' | null | undefined, 'before' | 'after' | null>
}

export type PictureRow = Selectable<PictureTable>

/** Where a post was queued: the target conversation and the copy's outbox dedupe key there. */
export interface PostTarget {
  readonly conversationId: string
  readonly dedupeKey: string
}

/** One copy a sender's message became (relayed or 推送), for the pictures around it. */
export interface PicturePostTable {
  id: Generated<string>
  conversation_id: string
  talker_id: string
  posted_at: Date
  pictures_before: ColumnType<number, number | undefined, number>
  pictures_after: ColumnType<number, number | undefined, number>
  targets: ColumnType<PostTarget[], string, string>
}

export type PicturePostRow = Selectable<PicturePostTable>
