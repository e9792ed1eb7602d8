import { performance } from 'node:perf_hooks'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../src/db/database.js'
import { funnelByPush, operatorFunnelReport, ownerFunnelReport } from '../src/reports/funnel.service.js'
import type { BenchRow } from './bench-row.js'

/** A month of a mid-sized operation: 100 owners × 20 groups, 4 push slots a day, a million page events, 50,000 orders. */
export const FUNNEL_SCALE = { owners: 100, groups: 2_000, days: 30, slotsPerDay: 4, clicks: 1_000_000, orders: 50_000 } as const

/**
 * Seeds the month straight into the tables, in a few set-based statements
 * (row-by-row through the services would take longer than the bench).
 * Every push gets its own short link; clicks land on those links within two
 * hours of the push; each order is the owner's, for a pushed item, paid half
 * an hour after the push, with its buyer:pending movement in the ledger.
 */
export async function seedFunnelMonth(db: Kysely<Database>, now: Date, scale = FUNNEL_SCALE): Promise<void> {
  const pushes = scale.groups * scale.days * scale.slotsPerDay
  await sql`insert into users (contact_id, display_name, attribution_id)
    select 'owner-' || i, '群主' || i, 'attr-owner-' || i from generate_series(1, ${scale.owners}) i`.execute(db)
  await sql`insert into groups (room_id, topic, owner_contact_id, member_count, member_count_at)
    select 'room-' || g || '@chatroom', '群' || g, 'owner-' || (g % ${scale.owners} + 1), 200 + g % 300, ${now}
    from generate_series(1, ${scale.groups}) g`.execute(db)
  await sql`insert into push_history (room_id, slot, platform, item_id, title, pushed_at)
    select 'room-' || g || '@chatroom', to_char(t at time zone 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI'),
      (array['taobao', 'jd', 'pdd'])[1 + (g + d + s) % 3], 'item-' || ((g * 7 + d * 13 + s) % 5000), '商品', t
    from generate_series(1, ${scale.groups}) g, generate_series(0, ${scale.days - 1}) d, generate_series(0, ${scale.slotsPerDay - 1}) s,
      lateral (select ${now}::timestamptz - d * interval '1 day' - s * interval '3 hours' - interval '1 hour' as t) at_time`.execute(db)
  const conversion = await sql<{ id: string }>`insert into conversions (user_id, platform, item_id, material, attribution_id, promo_url, title,
      price_fen, coupon_fen, price_after_coupon_fen, commission_rate_bp, commission_fen, rebate_fen, purpose)
    select id, 'jd', 'item-0', 'bench', attribution_id, 'https://u.jd.com/bench', '商品', 10000, 0, 10000, 1000, 1000, 500, 'push'
    from users order by id limit 1 returning id`.execute(db)
  await sql`insert into short_links (code, kind, user_id, room_id, slot, platform, item_id, conversion_id)
    select 'bench' || p.id, 'push', u.id, p.room_id, p.slot, p.platform, p.item_id, ${conversion.rows[0]?.id}
    from push_history p join groups g on g.room_id = p.room_id join users u on u.contact_id = g.owner_contact_id`.execute(db)
  await sql`insert into clicks (code, at, action, in_wechat, browser, visitor, is_bot)
    select 'bench' || p.id, p.pushed_at + (i % 120) * interval '1 minute',
      case when i % 20 < 16 then 'view' when i % 20 < 19 then 'copy' else 'open' end,
      i % 4 <> 0, 'wechat', 'visitor-' || (i % 60000), i % 97 = 0
    from generate_series(1, ${scale.clicks}) i join push_history p on p.id = (i::bigint * 7919) % ${pushes} + 1`.execute(db)
  await sql`insert into orders (platform, sub_order_id, order_id, item_id, item_title, quantity, paid_fen, status,
      estimated_commission_fen, settled_commission_fen, paid_at, platform_updated_at, user_id, attribution, attributed_at)
    select p.platform, 'bench-' || i, 'bench-' || i, p.item_id, '商品', 1, 10000 + i % 5000,
      case when i % 10 < 6 then 'paid' when i % 10 < 9 then 'settled' else 'refunded' end,
      1000 + i % 500, case when i % 10 between 6 and 8 then 900 + i % 500 end,
      p.pushed_at + interval '30 minutes', p.pushed_at + interval '30 minutes', u.id, 'platform_id', p.pushed_at + interval '31 minutes'
    from generate_series(1, ${scale.orders}) i join push_history p on p.id = (i::bigint * 104729) % ${pushes} + 1
      join groups g on g.room_id = p.room_id join users u on u.contact_id = g.owner_contact_id`.execute(db)
  await sql`insert into ledger_transactions (idempotency_key, kind, order_row_id, user_id)
    select 'bench-' || o.id, 'group_owner:pending', o.id, o.user_id from orders o`.execute(db)
  await sql`insert into ledger_postings (transaction_id, account, user_id, amount_fen)
    select t.id, 'user:' || t.user_id || ':pending', t.user_id, 500 from ledger_transactions t
    union all
    select t.id, 'platform:jd:rebates', null, -500 from ledger_transactions t`.execute(db)
  await sql`analyze`.execute(db)
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now()
  const value = await run()
  return { ms: performance.now() - started, value }
}

/**
 * 数据 (the operator's whole-bot funnel, today and 7 days), 发单报表 for one
 * owner (20 groups, yesterday and this month), and one group's month push
 * by push (the console's group page), on a seeded month; medians of 3 runs
 * after a warm-up.
 */
export async function benchFunnelReports(db: Kysely<Database>): Promise<BenchRow[]> {
  const now = new Date()
  const seedStarted = performance.now()
  await seedFunnelMonth(db, now)
  const seedSeconds = (performance.now() - seedStarted) / 1000
  const deps = { db, timeZone: 'Asia/Shanghai' }
  const median = async (run: () => Promise<unknown>): Promise<number> => {
    await run()
    const times: number[] = []
    for (let i = 0; i < 3; i++) times.push((await timed(run)).ms)
    return times.sort((a, b) => a - b)[1] ?? Number.NaN
  }
  const operator = await median(() => operatorFunnelReport(deps, now))
  const owner = await median(() => ownerFunnelReport(deps, 'owner-1', now))
  const month = { from: new Date(now.getTime() - 30 * 86_400_000), to: now }
  const group = await median(() => funnelByPush(deps, month, ['room-1@chatroom']))
  const check = await operatorFunnelReport(deps, now)
  process.stdout.write(
    `funnel month seeded in ${seedSeconds.toFixed(1)} s; 7-day orders ${check.week.total.orders}, views ${check.week.total.views}\n`,
  )
  return [
    { name: `数据 (whole bot, today + 7 days) on ${FUNNEL_SCALE.clicks / 1e6}M clicks, ${FUNNEL_SCALE.orders / 1000}k orders`, value: Math.round(operator), unit: 'ms', target: 2000, better: 'lower' },
    { name: '发单报表 (one owner, 20 groups, yesterday + month)', value: Math.round(owner), unit: 'ms', target: 2000, better: 'lower' },
    { name: "one group's pushes over 30 days (console)", value: Math.round(group), unit: 'ms', target: 1000, better: 'lower' },
  ]
}
