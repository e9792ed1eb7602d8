import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { insertConversion } from '../../src/conversions/conversion.repository.js'
import { userAccount } from '../../src/ledger/accounts.js'
import { appendTransaction } from '../../src/ledger/ledger.repository.js'
import type { Database } from '../../src/db/database.js'
import { creditOrder, type CreditDeps } from '../../src/orders/credit-order.service.js'
import type { Notice } from '../../src/orders/notice.js'
import { syncOrders } from '../../src/orders/order-sync.service.js'
import type { CreditRequest } from '../../src/orders/credit-request.js'
import type { OrderFeed, OrderPage, OrderWindow, PlatformOrder, PlatformRefund } from '../../src/platforms/order-feed.js'
import { ensureUser } from '../../src/users/user.service.js'
import type { UserRow } from '../../src/users/user.table.js'

/** A new chat user with a unique contact id. */
export function newUser(db: Kysely<Database>, name = 'buyer'): Promise<UserRow> {
  return ensureUser(db, { contactId: `wx-${randomUUID()}`, displayName: name })
}

/** Records that `user` was given a promo link for an item at `at` (what the attribution ladder reads). */
export async function givePromoLink(db: Kysely<Database>, user: UserRow, platform: PlatformOrder['platform'], itemId: string): Promise<void> {
  await insertConversion(db, {
    user_id: user.id,
    room_id: null,
    platform,
    item_id: itemId,
    material: 'test',
    attribution_id: user.attribution_id,
    promo_url: `https://u.jd.com/${randomUUID().slice(0, 8)}`,
    tpwd: null,
    title: '测试商品',
    price_fen: 10_000,
    coupon_fen: 0,
    price_after_coupon_fen: 10_000,
    commission_rate_bp: 1000,
    commission_fen: 1000,
    rebate_fen: 600,
  })
}

let serial = 0

/** A platform order row as an adapter would report it; override what the test is about. */
export function platformOrder(overrides: Partial<PlatformOrder> = {}): PlatformOrder {
  serial++
  const now = new Date()
  const id = `${Date.now()}${String(serial).padStart(4, '0')}${Math.floor(Math.random() * 1000)}`
  return {
    platform: 'jd',
    orderId: id,
    subOrderId: `${id}-1`,
    itemId: `sku-${randomUUID().slice(0, 8)}`,
    itemTitle: '测试商品',
    quantity: 1,
    paidFen: 10_000,
    status: 'paid',
    estimatedCommissionFen: 1000,
    settledCommissionFen: null,
    attributionId: null,
    relationId: null,
    paidAt: new Date(now.getTime() - 60_000),
    receivedAt: null,
    settledAt: null,
    updatedAt: now,
    ...overrides,
  }
}

/** An order feed whose rows the test sets: the platform boundary, scripted. */
export class ScriptedFeed implements OrderFeed {
  readonly maxWindowMs = 3_600_000
  rows: PlatformOrder[] = []
  /** Refunds reported apart from their order lines, as Taobao's refund feed does. */
  refunds: PlatformRefund[] = []
  constructor(readonly platform: PlatformOrder['platform'] = 'jd') {}

  async fetchOrderPage(window: OrderWindow): Promise<OrderPage> {
    const inWindow = (at: Date): boolean => at >= window.start && at < window.end
    const orders = this.rows.filter((r) => inWindow(r.updatedAt))
    return { orders, refunds: this.refunds.filter((r) => inWindow(r.updatedAt)), rejected: [], nextCursor: undefined }
  }
}

/** Syncs the feed once and credits every requested row, as the workers would. */
export async function syncAndCredit(db: Kysely<Database>, feed: OrderFeed, credit: CreditDeps): Promise<CreditRequest[]> {
  const requests: CreditRequest[] = []
  await syncOrders({
    db,
    feed,
    now: () => new Date(Date.now() + 1000),
    overlapMs: 24 * 3_600_000,
    initialLookbackMs: 24 * 3_600_000,
    maxWindowsPerRun: 100,
    enqueueCredit: async (batch) => {
      requests.push(...batch)
    },
  })
  for (const request of requests) await creditOrder(credit, request.orderRowId)
  return requests
}

/** The notices crediting committed and the relay has not handed to the chat outbox yet, oldest first. */
export async function recordedNotices(db: Kysely<Database>): Promise<Notice[]> {
  const rows = await db.selectFrom('notice_outbox').select(['contact_id', 'text', 'dedupe_key']).orderBy('id').execute()
  return rows.map((row) => ({ contactId: row.contact_id, text: row.text, dedupeKey: row.dedupe_key }))
}

/** Takes money out of a user's available balance as a paid withdrawal would (the test's shortcut past the withdrawal flow). */
export async function withdrawForTest(db: Kysely<Database>, user: UserRow, amountFen: number): Promise<void> {
  await appendTransaction(db, {
    idempotencyKey: `test-withdraw-${user.id}-${randomUUID()}`,
    kind: 'withdrawal:test',
    orderRowId: null,
    userId: user.id,
    postings: [
      { account: userAccount(user.id, 'available'), userId: user.id, amountFen: -amountFen },
      { account: userAccount(user.id, 'withdrawn'), userId: user.id, amountFen },
    ],
  })
}

/** Gives a user available money, as a settled rebate would (the test's shortcut past orders and crediting). */
export async function fundForTest(db: Kysely<Database>, user: Pick<UserRow, 'id'>, fen: number): Promise<void> {
  await appendTransaction(db, {
    idempotencyKey: `test-fund-${user.id}-${randomUUID()}`,
    kind: 'test:fund',
    orderRowId: null,
    userId: user.id,
    postings: [
      { account: userAccount(user.id, 'available'), userId: user.id, amountFen: fen },
      { account: 'platform:jd:rebates', userId: null, amountFen: -fen },
    ],
  })
}
