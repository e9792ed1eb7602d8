import type { ColumnType, Selectable } from 'kysely'
import type { Platform } from '../links/parsed-link.js'

/**
 * A short link `PUBLIC_BASE_URL/s/<code>` to a landing page. It points at the
 * conversion it shows: for a reply the latest conversion of the same user and
 * item (one code per user × item), for a push the push's own conversion (one
 * code per group × slot × item).
 */
export interface ShortLinkTable {
  /** ≥ 8 random base62 characters: unguessable. */
  code: string
  kind: 'reply' | 'push'
  /** Whose link it is (a reply: the shopper; a push: the group owner). */
  user_id: string | null
  /** A push: the group and the slot it was pushed in. */
  room_id: string | null
  slot: string | null
  platform: Platform
  item_id: string
  conversion_id: string
  image_url: string | null
  /** When the coupon the page shows ends, when the platform said. */
  coupon_end_at: Date | null
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, Date | undefined, Date>
}

export type ShortLinkRow = Selectable<ShortLinkTable>
