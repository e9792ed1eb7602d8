import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'

/** Our users by their per-user platform id (`attribution_id`) or bound Taobao `relation_id`: id value → user id. */
export async function usersByPlatformId(
  db: Kysely<Database>,
  column: 'attribution_id' | 'taobao_relation_id',
  values: readonly string[],
): Promise<Map<string, string>> {
  if (values.length === 0) return new Map()
  const rows = await db
    .selectFrom('users')
    .select(['id', column])
    .where(sql<boolean>`${sql.ref(column)} = any(${sql.val([...new Set(values)])}::text[])`)
    .execute()
  return new Map(rows.flatMap((row) => (row[column] ? [[row[column] as string, row.id] as const] : [])))
}

/** One order's question: who was given a link for `itemId` on `platform` within [since, until]. */
export interface PromotionWindow {
  readonly orderRowId: string
  readonly platform: string
  readonly itemId: string
  readonly since: Date
  readonly until: Date
}

/**
 * For each window, the (at most 3) distinct users given a link for its item
 * within it, keyed by order row id; windows nobody was promoted in are absent.
 * One statement for the whole batch.
 */
export async function usersPromotedIn(db: Kysely<Database>, windows: readonly PromotionWindow[]): Promise<Map<string, string[]>> {
  if (windows.length === 0) return new Map()
  const wanted = sql.join(
    windows.map((w) => sql`(${w.orderRowId}::bigint, ${w.platform}::text, ${w.itemId}::text, ${w.since}::timestamptz, ${w.until}::timestamptz)`),
  )
  const result = await sql<{ order_id: string; user_ids: string[] }>`
    select w.order_id, (array_agg(distinct c.user_id::text))[1:3] as user_ids
    from (values ${wanted}) as w(order_id, platform, item_id, since, until)
    join conversions c on c.platform = w.platform and c.item_id = w.item_id and c.created_at between w.since and w.until
    group by w.order_id`.execute(db)
  return new Map(result.rows.map((row) => [String(row.order_id), row.user_ids]))
}
