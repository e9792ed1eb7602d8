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
