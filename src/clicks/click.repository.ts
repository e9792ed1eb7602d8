import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { ClickRow } from './click.table.js'

/** A click as written: classified and hashed, nothing else. */
export type NewClick = Omit<ClickRow, 'id'>

/**
 * Appends clicks in one statement whatever the count: seven array
 * parameters and unnest, so a batch of a thousand is one short parse and
 * one round trip, far from PostgreSQL's 65,535-parameter limit.
 */
export async function insertClicks(db: Kysely<Database>, clicks: readonly NewClick[]): Promise<void> {
  if (clicks.length === 0) return
  await sql`
    insert into clicks (code, at, action, in_wechat, browser, visitor, is_bot)
    select * from unnest(
      ${sql.val(clicks.map((c) => c.code))}::text[],
      ${sql.val(clicks.map((c) => c.at.toISOString()))}::timestamptz[],
      ${sql.val(clicks.map((c) => c.action))}::text[],
      ${sql.val(clicks.map((c) => c.in_wechat))}::boolean[],
      ${sql.val(clicks.map((c) => c.browser))}::text[],
      ${sql.val(clicks.map((c) => c.visitor))}::text[],
      ${sql.val(clicks.map((c) => c.is_bot))}::boolean[])`.execute(db)
}
