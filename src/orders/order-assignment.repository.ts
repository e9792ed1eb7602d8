import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import type { OrderRow } from './order.table.js'

export async function findOrderRow(db: Kysely<Database>, id: string): Promise<OrderRow | undefined> {
  return db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst()
}

/** One sub-order's row, locked (an assignment and a claim or credit job of the same row queue on it). */
export async function lockOrderRow(trx: Transaction<Database>, id: string): Promise<OrderRow | undefined> {
  return trx.selectFrom('orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/** Someone given a link for an order's item before its payment: who and their latest link. */
export interface LinkHolder {
  readonly userId: string
  readonly displayName: string
  readonly contactId: string
  readonly lastLinkAt: Date
  readonly links: number
}

/** The users given a link for the item within [from, to], latest link first (what an operator weighs before assigning). */
export async function linkHolders(
  db: Kysely<Database>,
  item: { readonly platform: string; readonly itemId: string; readonly from: Date; readonly to: Date },
  limit: number,
): Promise<LinkHolder[]> {
  const result = await sql<{ user_id: string; display_name: string; contact_id: string; last_link_at: Date; links: string }>`
    select u.id as user_id, u.display_name, u.contact_id, c.last_link_at, c.links
    from (
      select user_id, max(created_at) as last_link_at, count(*) as links
      from conversions
      where platform = ${item.platform} and item_id = ${item.itemId} and created_at between ${item.from} and ${item.to}
      group by user_id
    ) c
    join users u on u.id = c.user_id
    order by c.last_link_at desc
    limit ${limit}`.execute(db)
  return result.rows.map((row) => ({
    userId: String(row.user_id),
    displayName: row.display_name,
    contactId: row.contact_id,
    lastLinkAt: new Date(row.last_link_at),
    links: Number(row.links),
  }))
}
