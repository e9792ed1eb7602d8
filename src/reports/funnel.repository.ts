import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'
import { addCounts, NO_COUNTS, type FunnelCounts, type OrderStatusSums } from './funnel.js'

/** How the funnel is cut: one bucket in all, or one per group, push, hour of day of the push, platform, or local day. */
export type FunnelDimension = 'total' | 'group' | 'push' | 'hour' | 'platform' | 'day'

/** Which events count: each at its own time (push sent, click, order paid) in [from, to); optionally only some groups. */
export interface FunnelScope {
  readonly from: Date
  readonly to: Date
  /** Only pushes to these groups (and the clicks and orders they brought); undefined: the whole bot. */
  readonly rooms?: readonly string[] | undefined
  /** Hours of day and days are wall-clock in this zone (TIME_ZONE). */
  readonly timeZone: string
  /** How far after a push an order's payment time may be and still follow it (clock skew; see orders/promoted-by.ts). */
  readonly allowanceMs: number
}

/**
 * A bucket's key: the push's group, id, local hour or platform, or the local
 * day of the event itself (`at`: when the push went out, the click happened,
 * the order was paid).
 */
function keyOf(dimension: FunnelDimension, at: RawBuilder<unknown>, timeZone: string): RawBuilder<string> {
  switch (dimension) {
    case 'total':
      return sql<string>`''`
    case 'group':
      return sql<string>`p.room_id`
    case 'push':
      return sql<string>`p.id::text`
    case 'hour':
      return sql<string>`extract(hour from p.pushed_at at time zone ${timeZone})::int::text`
    case 'platform':
      return sql<string>`p.platform`
    case 'day':
      return localDay(at, timeZone)
  }
}

/** The scope's groups as a condition on a room id column (true for the whole bot). */
function inRooms(scope: FunnelScope, column: RawBuilder<unknown> = sql`p.room_id`): RawBuilder<unknown> {
  return scope.rooms === undefined ? sql`true` : sql`${column} = any(${sql.val([...scope.rooms])}::text[])`
}

/** Orders that may have come through the scope's groups: their user owns one (lets PostgreSQL start from those users' orders). */
function byOwnersOfRooms(scope: FunnelScope): RawBuilder<unknown> {
  if (scope.rooms === undefined) return sql`true`
  return sql`o.user_id in (select ou.id from groups og join users ou on ou.contact_id = og.owner_contact_id where ${inRooms(scope, sql`og.room_id`)})`
}

type Building = { -readonly [K in keyof FunnelCounts]: FunnelCounts[K] }

function empty(): Building {
  return { pushes: 0, reach: 0, views: 0, visitors: 0, reachedVisitors: 0, copies: 0, opens: 0, orders: [], rebatesFen: 0, sharesFen: 0 }
}

/**
 * The funnel's counts per bucket: three statements (pushes, clicks, orders
 * with their ledger), each grouping and summing raw columns only; every
 * rule that turns them into figures is in `funnel.ts`.
 */
export async function funnelCounts(db: Kysely<Database>, scope: FunnelScope, dimension: FunnelDimension): Promise<Map<string, FunnelCounts>> {
  const key = (at: RawBuilder<unknown>) => keyOf(dimension, at, scope.timeZone)
  return reporting(db, async (trx) => {
    const buckets = new Buckets()
    for (const row of await pushRows(trx, scope, key)) buckets.addPushes(row.key, row)
    for (const row of await clickRows(trx, scope, key(sql`c.at`), false, dimension !== 'total' && dimension !== 'day')) buckets.setClicks(row.key, row)
    for (const row of await orderRows(trx, scope, key)) buckets.addOrders(row.key, row)
    return buckets.done()
  })
}

/**
 * Runs a report's statements in one read-only transaction (one snapshot:
 * the cuts of a report agree) without JIT compilation, which the orders
 * statement's lateral joins make PostgreSQL choose and which took longer
 * than the query (1.4 of 3.0 s on a month of 50,000 orders: bench
 * `funnel`), and with room to sort a week of page events in memory.
 */
async function reporting<T>(db: Kysely<Database>, run: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx)
    await sql`set local work_mem = '32MB'`.execute(trx)
    return run(trx)
  })
}

/**
 * The funnel per local day, for all platforms together (platform '') and
 * for each: the basis of every report over whole days (数据, 发单报表, the
 * console's charts), which add the days up. One pass over each table
 * however many periods and cuts the report shows.
 * @returns platform ('' for all) → day (YYYY-MM-DD) → counts
 */
export async function funnelCountsByDay(db: Kysely<Database>, scope: FunnelScope): Promise<Map<string, Map<string, FunnelCounts>>> {
  const key = (at: RawBuilder<unknown>) => sql<string>`p.platform || '|' || ${localDay(at, scope.timeZone)}`
  const buckets = await reporting(db, async (trx) => {
    const buckets = new Buckets()
    // Pushes and orders add up across platforms: each row counts for its platform and for the whole day.
    for (const row of await pushRows(trx, scope, key)) for (const k of [row.key, allPlatforms(row.key)]) buckets.addPushes(k, row)
    // Visitors do not (one visitor may open pages of two platforms): the day's total is its own grouping set.
    for (const row of await clickRows(trx, scope, sql<string>`sl.platform`, true, false)) buckets.setClicks(row.key, row)
    for (const row of await orderRows(trx, scope, key)) for (const k of [row.key, allPlatforms(row.key)]) buckets.addOrders(k, row)
    return buckets
  })
  const byPlatform = new Map<string, Map<string, FunnelCounts>>()
  for (const [k, counts] of buckets.done()) {
    const [platform = '', day = ''] = k.split('|')
    let days = byPlatform.get(platform)
    if (!days) byPlatform.set(platform, (days = new Map()))
    days.set(day, counts)
  }
  return byPlatform
}

/** `platform|day` → `|day`. */
function allPlatforms(key: string): string {
  return key.slice(key.indexOf('|'))
}

function localDay(at: RawBuilder<unknown>, timeZone: string): RawBuilder<string> {
  return sql<string>`to_char(${at} at time zone ${timeZone}, 'YYYY-MM-DD')`
}

interface PushRow {
  readonly key: string
  readonly pushes: string
  readonly reach: string
}

interface ClickRow {
  readonly key: string
  readonly views: string
  readonly copies: string
  readonly opens: string
  readonly visitors: string
  readonly reached: string
}

interface OrderRow {
  readonly key: string
  readonly status: OrderStatusSums['status']
  readonly orders: string
  readonly paid: string
  readonly estimated: string
  readonly settled: string
  readonly estimated_without_settled: string
  readonly rebates: string
  readonly shares: string
}

/** Buckets being filled from the three statements' rows. */
class Buckets {
  readonly #buckets = new Map<string, Building>()

  #bucket(key: string): Building {
    let found = this.#buckets.get(key)
    if (!found) this.#buckets.set(key, (found = empty()))
    return found
  }

  addPushes(key: string, row: PushRow): void {
    const b = this.#bucket(key)
    b.pushes += Number(row.pushes)
    b.reach += Number(row.reach)
  }

  setClicks(key: string, row: ClickRow): void {
    Object.assign(this.#bucket(key), {
      views: Number(row.views),
      copies: Number(row.copies),
      opens: Number(row.opens),
      visitors: Number(row.visitors),
      reachedVisitors: Number(row.reached),
    })
  }

  addOrders(key: string, row: OrderRow): void {
    const b = this.#bucket(key)
    const sums: OrderStatusSums = {
      status: row.status,
      orders: Number(row.orders),
      paidFen: Number(row.paid),
      estimatedFen: Number(row.estimated),
      settledFen: Number(row.settled),
      estimatedWithoutSettledFen: Number(row.estimated_without_settled),
    }
    // The whole day's bucket gets one row per platform and status: merged by status.
    b.orders = addCounts({ ...NO_COUNTS, orders: b.orders }, { ...NO_COUNTS, orders: [sums] }).orders
    b.rebatesFen += Number(row.rebates)
    b.sharesFen += Number(row.shares)
  }

  done(): Map<string, FunnelCounts> {
    return this.#buckets
  }
}

async function pushRows(db: Kysely<Database>, scope: FunnelScope, key: (at: RawBuilder<unknown>) => RawBuilder<string>): Promise<readonly PushRow[]> {
  const { rows } = await sql<PushRow>`
    select ${key(sql`p.pushed_at`)} as key, count(*) as pushes, coalesce(sum(g.member_count), 0) as reach
    from push_history p
    left join groups g on g.room_id = p.room_id
    where p.dropped_at is null and p.pushed_at >= ${scope.from} and p.pushed_at < ${scope.to} and ${inRooms(scope)}
    group by 1`.execute(db)
  return rows
}

/**
 * Page events per bucket. Visitor hashes rotate daily, so distinct visitors
 * are counted per local day and the days added up; `dailyTotals` instead
 * keeps the days apart (the key gets `|day`) and adds each day's total over
 * all buckets (key `|day`).
 */
async function clickRows(db: Kysely<Database>, scope: FunnelScope, key: RawBuilder<string>, dailyTotals: boolean, pushColumns = true): Promise<readonly ClickRow[]> {
  const day = localDay(sql`c.at`, scope.timeZone)
  const perDay = sql`
    select ${key} as key, ${day} as day,
      count(*) filter (where c.action = 'view') as views,
      count(*) filter (where c.action = 'copy') as copies,
      count(*) filter (where c.action = 'open') as opens,
      count(distinct c.visitor) filter (where c.action = 'view') as visitors,
      count(distinct c.visitor) filter (where c.action = 'view' and g.member_count is not null) as reached
    from clicks c
    join short_links sl on sl.code = c.code and sl.kind = 'push'
    ${
      // A push link reaches people only once its push is sent, so its push row exists; it is read only for the
      // cuts keyed on it: joining 240,000 pushes of a month costs a third of the statement.
      pushColumns ? sql`join push_history p on p.room_id = sl.room_id and p.slot = sl.slot` : sql``
    }
    left join groups g on g.room_id = sl.room_id
    where not c.is_bot and c.at >= ${scope.from} and c.at < ${scope.to} and ${inRooms(scope, sql`sl.room_id`)}`
  if (dailyTotals) {
    const { rows } = await sql<ClickRow>`
      select coalesce(key, '') || '|' || day as key, views, copies, opens, visitors, reached
      from (${perDay} group by grouping sets ((1, 2), (2))) per_day`.execute(db)
    return rows
  }
  const { rows } = await sql<ClickRow>`
    select key, sum(views) as views, sum(copies) as copies, sum(opens) as opens, sum(visitors) as visitors, sum(reached) as reached
    from (${perDay} group by 1, 2) per_day
    group by key`.execute(db)
  return rows
}

/**
 * Orders and their ledger per bucket and status. An order follows the
 * latest push of its item, before it was paid, to a group its attributed
 * user owns (push links carry the owner's attribution id); its ledger
 * movements follow the order.
 */
async function orderRows(db: Kysely<Database>, scope: FunnelScope, key: (at: RawBuilder<unknown>) => RawBuilder<string>): Promise<readonly OrderRow[]> {
  const { rows } = await sql<OrderRow>`
    with po as (
      select o.id, o.status, o.paid_fen, o.estimated_commission_fen, o.settled_commission_fen,
        ${key(sql`o.paid_at`)} as key
      from orders o
      join users u on u.id = o.user_id
      join lateral (
        -- From the user's groups (a few) to their pushes of the item: index lookups, however many groups got the item.
        select ph.id, ph.room_id, ph.platform, ph.pushed_at
        from groups g
        join push_history ph on ph.room_id = g.room_id and ph.platform = o.platform and ph.item_id = o.item_id
        where g.owner_contact_id = u.contact_id and ph.dropped_at is null
          and ph.pushed_at <= o.paid_at + ${scope.allowanceMs} * interval '1 millisecond'
        order by ph.pushed_at desc, ph.id desc
        limit 1
      ) p on true
      where o.paid_at >= ${scope.from} and o.paid_at < ${scope.to} and ${byOwnersOfRooms(scope)} and ${inRooms(scope)}
    )
    select po.key, po.status, count(*) as orders,
      sum(po.paid_fen) as paid,
      sum(po.estimated_commission_fen) as estimated,
      coalesce(sum(po.settled_commission_fen), 0) as settled,
      coalesce(sum(po.estimated_commission_fen) filter (where po.settled_commission_fen is null), 0) as estimated_without_settled,
      coalesce(sum(l.rebates), 0) as rebates,
      coalesce(sum(l.shares), 0) as shares
    from po
    left join lateral (
      -- What the house account gave the order's beneficiaries: the negated house posting of each movement.
      select sum(-lp.amount_fen) filter (where split_part(lt.kind, ':', 1) not in ('l1', 'l2')) as rebates,
        sum(-lp.amount_fen) filter (where split_part(lt.kind, ':', 1) in ('l1', 'l2')) as shares
      from ledger_transactions lt
      join ledger_postings lp on lp.transaction_id = lt.id and lp.user_id is null
      where lt.order_row_id = po.id
    ) l on true
    group by po.key, po.status`.execute(db)
  return rows
}

/** What a push bucket's key (push_history id) names. */
export interface PushLabel {
  readonly id: string
  readonly roomId: string
  readonly topic: string
  readonly slot: string
  readonly platform: Platform
  readonly itemId: string
  readonly title: string
  readonly pushedAt: Date
}

export async function pushLabels(db: Kysely<Database>, ids: readonly string[]): Promise<PushLabel[]> {
  if (ids.length === 0) return []
  const result = await sql<{ id: string; room_id: string; topic: string | null; slot: string; platform: Platform; item_id: string; title: string; pushed_at: Date }>`
    select p.id::text as id, p.room_id, g.topic, p.slot, p.platform, p.item_id, p.title, p.pushed_at
    from push_history p left join groups g on g.room_id = p.room_id
    where p.id = any(${sql.val([...ids])}::bigint[])
    order by p.pushed_at, p.id`.execute(db)
  return result.rows.map((r) => ({
    id: r.id,
    roomId: r.room_id,
    topic: r.topic ?? '',
    slot: r.slot,
    platform: r.platform,
    itemId: r.item_id,
    title: r.title,
    pushedAt: new Date(r.pushed_at),
  }))
}

/** Records how many people a group has (the bot counts them); CTR needs it. */
export async function setMemberCount(db: Kysely<Database>, roomId: string, count: number, at: Date): Promise<boolean> {
  const updated = await db
    .updateTable('groups')
    .set({ member_count: count, member_count_at: at })
    .where('room_id', '=', roomId)
    .returning('room_id')
    .executeTakeFirst()
  return updated !== undefined
}
