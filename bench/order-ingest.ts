import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { type Redis } from 'ioredis'
import { sql, type Kysely } from 'kysely'
import { startCreditWorker } from '../jobs/processors/credit-order.processor.js'
import type { Database } from '../src/db/database.js'
import { syncOrders } from '../src/orders/order-sync.service.js'
import { countNotices } from '../src/orders/notice-outbox.repository.js'
import type { OrderFeed, OrderPage, OrderWindow, PlatformOrder } from '../src/platforms/order-feed.js'
import { createOrderQueues } from '../src/queue/order-queues.js'
import { createRedisConnection } from '../src/queue/redis-connection.js'
import type { BenchRow } from './bench-row.js'

const ORDERS = 100_000
const USERS = 1000
const PAGE = 100
const ROUNDS = 3

/** A platform feed serving pre-built pages (what an adapter yields after parsing), 100 rows a page. */
class PagedFeed implements OrderFeed {
  readonly platform = 'jd' as const
  readonly maxWindowMs = 3_600_000
  /** Rows sorted by update time, so a window is a slice found by binary search. */
  constructor(private readonly rows: readonly PlatformOrder[]) {}
  async fetchOrderPage(window: OrderWindow, cursor: string | undefined): Promise<OrderPage> {
    const from = this.#firstAtOrAfter(window.start.getTime())
    const to = this.#firstAtOrAfter(window.end.getTime())
    const offset = from + (cursor ? Number(cursor) : 0)
    const end = Math.min(to, offset + PAGE)
    const orders = this.rows.slice(offset, end)
    return { orders, rejected: [], nextCursor: end < to ? String(end - from) : undefined }
  }

  #firstAtOrAfter(ms: number): number {
    let lo = 0
    let hi = this.rows.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((this.rows[mid]?.updatedAt.getTime() ?? Infinity) < ms) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

async function seedUsers(db: Kysely<Database>, tag: string): Promise<string[]> {
  const ids = Array.from({ length: USERS }, (_, i) => `rbbench${tag}${i}`)
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .insertInto('users')
      .values(ids.slice(i, i + 500).map((id) => ({ contact_id: `bench-${id}`, display_name: 'bench', attribution_id: id })))
      .execute()
  }
  return ids
}

/** `count` paid JD orders spread over 20 minutes of the last half hour, by the given attribution ids in turn (also the roles bench's orders). */
export function buildOrders(attributionIds: readonly string[], tag: string, count = ORDERS): PlatformOrder[] {
  const base = Date.now() - 30 * 60_000
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(base + Math.floor((i * 20 * 60_000) / count))
    return {
      platform: 'jd',
      orderId: `${tag}${i}`,
      subOrderId: `${tag}${i}-1`,
      itemId: String(100_000 + (i % 5000)),
      itemTitle: '压测商品',
      quantity: 1,
      paidFen: 10_000 + (i % 1000),
      status: 'paid',
      estimatedCommissionFen: 500 + (i % 300),
      settledCommissionFen: null,
      attributionId: attributionIds[i % attributionIds.length] ?? null,
      relationId: null,
      paidAt: at,
      receivedAt: null,
      settledAt: null,
      updatedAt: at,
    }
  })
}

async function waitForCredits(queues: ReturnType<typeof createOrderQueues>): Promise<void> {
  while ((await queues.pending()) > 0) await new Promise((done) => setTimeout(done, 25))
}

async function countEntries(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('ledger_transactions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** A plain batched INSERT (1,000 rows a statement) of the same rows into a fresh table shaped like orders, indexes and all. */
async function plainInsert(db: Kysely<Database>, orders: readonly PlatformOrder[]): Promise<number> {
  await sql`create temporary table bench_orders (like orders including all)`.execute(db)
  const started = performance.now()
  for (let i = 0; i < orders.length; i += 1000) {
    const batch = orders.slice(i, i + 1000)
    await sql`insert into bench_orders (platform, sub_order_id, order_id, item_id, item_title, quantity, paid_fen, status,
      estimated_commission_fen, settled_commission_fen, platform_attribution_id, relation_id, paid_at, platform_updated_at)
      values ${sql.join(
        batch.map(
          (o) => sql`(${o.platform}, ${o.subOrderId}, ${o.orderId}, ${o.itemId}, ${o.itemTitle}, ${o.quantity}, ${o.paidFen}, ${o.status},
            ${o.estimatedCommissionFen}, ${o.settledCommissionFen}, ${o.attributionId}, ${o.relationId}, ${o.paidAt}, ${o.updatedAt})`,
        ),
      )}`.execute(db)
  }
  const ms = performance.now() - started
  await sql`drop table bench_orders`.execute(db)
  return ms
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

/**
 * 100k orders from parsed platform pages to the ledger: sync (store pages,
 * queue credits) and the credit worker (attribute, post, record notices) on
 * real PostgreSQL and Redis. Right after it, a plain batched INSERT of the
 * same rows on the same database: the physical floor the pipeline is
 * measured against. Three rounds of the pair, each on 100k new orders, and
 * the medians reported (this machine's speed wanders between runs; the
 * ratio is taken within each round). Then the last round's 100k again,
 * which must post nothing.
 */
export async function benchOrderIngest(db: Kysely<Database>, redisUrl: string): Promise<BenchRow[]> {
  const prefix = `bench-${randomUUID().slice(0, 6)}`
  const connections: Redis[] = []
  const connect = (): Redis => {
    const c = createRedisConnection(redisUrl)
    connections.push(c)
    return c
  }
  const queues = createOrderQueues({ connection: connect(), prefix })
  const worker = startCreditWorker({ connection: connect(), prefix, concurrency: 4, credit: { db, userShareBp: 6000, attributionWindowMs: 3_600_000 } })
  const ingest = async (orders: readonly PlatformOrder[]): Promise<number> => {
    await sql`delete from order_sync_cursors where platform = 'jd'`.execute(db)
    // Forget finished credit jobs, whose ids would otherwise dedupe a replay before it reaches the ledger.
    await queues.credit.clean(0, 0, 'completed')
    const started = performance.now()
    await syncOrders({
      db,
      feed: new PagedFeed(orders),
      now: () => new Date(),
      overlapMs: 0,
      initialLookbackMs: 40 * 60_000,
      maxWindowsPerRun: 10,
      enqueueCredit: (requests) => queues.enqueueCredit(requests),
    })
    await waitForCredits(queues)
    return performance.now() - started
  }
  try {
    const rounds: { pipeline: number; plain: number }[] = []
    let orders: PlatformOrder[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const tag = randomUUID().slice(0, 6)
      orders = buildOrders(await seedUsers(db, tag), tag)
      const entries = await countEntries(db)
      const notices = await countNotices(db)
      const ms = await ingest(orders)
      if ((await countEntries(db)) - entries !== ORDERS) throw new Error(`expected ${ORDERS} new ledger entries`)
      if ((await countNotices(db)) - notices !== ORDERS) throw new Error(`expected ${ORDERS} new notices`)
      rounds.push({ pipeline: ORDERS / (ms / 1000), plain: ORDERS / ((await plainInsert(db, orders)) / 1000) })
    }
    const entries = await countEntries(db)
    const notices = await countNotices(db)
    await ingest(orders)
    const replayEntries = (await countEntries(db)) - entries
    if ((await countNotices(db)) !== notices) throw new Error('the replay recorded notices')

    return [
      { name: 'order ingest, page → ledger (100k, median of 3)', value: Math.round(median(rounds.map((r) => r.pipeline))), unit: 'orders/s', target: 5000, better: 'higher' },
      { name: 'plain batched INSERT of the same rows (median)', value: Math.round(median(rounds.map((r) => r.plain))), unit: 'rows/s', target: null, better: 'higher' },
      {
        name: 'ingest / plain INSERT ratio (median of rounds)',
        value: Math.round(median(rounds.map((r) => r.pipeline / r.plain)) * 1000) / 1000,
        unit: 'ratio',
        target: 0.25,
        better: 'higher',
      },
      { name: 'replay of the same 100k: new ledger entries', value: replayEntries, unit: 'entries', target: 0, better: 'lower' },
    ]
  } finally {
    await worker.close()
    await queues.sync.obliterate({ force: true }).catch(() => undefined)
    await queues.credit.obliterate({ force: true }).catch(() => undefined)
    await queues.close()
    await Promise.all(connections.map((c) => c.quit().catch(() => undefined)))
  }
}
