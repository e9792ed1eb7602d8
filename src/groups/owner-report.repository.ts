import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'

export async function groupsOwnedBy(db: Kysely<Database>, contactId: string): Promise<{ room_id: string; topic: string }[]> {
  return db.selectFrom('groups').select(['room_id', 'topic']).where('owner_contact_id', '=', contactId).orderBy('topic').execute()
}

export interface PeriodFigures {
  readonly pushes: number
  readonly orders: number
  readonly commissionFen: number
}

/**
 * For an owner's groups over [from, to): how many pushes went out, and the
 * orders (and platform commission) attributed to the owner for items pushed
 * to those groups — the orders the pushes brought in.
 */
export async function ownerPeriod(db: Kysely<Database>, contactId: string, from: Date, to: Date): Promise<PeriodFigures> {
  const result = await sql<{ pushes: string; orders: string; commission: string | null }>`
    with owned as (select room_id from groups where owner_contact_id = ${contactId}),
         pushed as (select distinct platform, item_id from push_history where room_id in (select room_id from owned)),
         owner as (select id from users where contact_id = ${contactId})
    select
      (select count(*) from push_history where room_id in (select room_id from owned) and dropped_at is null
        and pushed_at >= ${from} and pushed_at < ${to}) as pushes,
      count(o.id) as orders,
      sum(coalesce(o.settled_commission_fen, o.estimated_commission_fen)) filter (where o.status not in ('invalid', 'refunded')) as commission
    from orders o
    where o.user_id in (select id from owner) and o.paid_at >= ${from} and o.paid_at < ${to}
      and (o.platform, o.item_id) in (select platform, item_id from pushed)`.execute(db)
  const row = result.rows[0]
  return { pushes: Number(row?.pushes ?? 0), orders: Number(row?.orders ?? 0), commissionFen: Number(row?.commission ?? 0) }
}
