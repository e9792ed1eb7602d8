import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { ConversionRow, NewConversionRow } from './conversion.table.js'

export async function insertConversion(db: Kysely<Database>, row: NewConversionRow): Promise<ConversionRow> {
  return db.insertInto('conversions').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function listConversionsByUser(db: Kysely<Database>, userId: string, limit = 20): Promise<ConversionRow[]> {
  return db
    .selectFrom('conversions')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

/**
 * Whether the user was given a link for the item: within [from, to] when
 * given, and only push links with `purpose: 'push'` (an owner's own orders of
 * an item they pushed earn the group-owner share).
 */
export async function userWasPromotedItem(
  db: Kysely<Database>,
  item: {
    userId: string
    platform: ConversionRow['platform']
    itemId: string
    from?: Date | undefined
    to?: Date | undefined
    purpose?: 'push' | undefined
  },
): Promise<boolean> {
  let query = db
    .selectFrom('conversions')
    .select('id')
    .where('user_id', '=', item.userId)
    .where('platform', '=', item.platform)
    .where('item_id', '=', item.itemId)
  if (item.from) query = query.where('created_at', '>=', item.from)
  if (item.to) query = query.where('created_at', '<=', item.to)
  if (item.purpose) query = query.where('purpose', '=', item.purpose)
  return (await query.limit(1).executeTakeFirst()) !== undefined
}
