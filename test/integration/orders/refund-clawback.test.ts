import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { userBalances } from '../../../src/ledger/ledger.repository.js'
import type { CreditDeps } from '../../../src/orders/credit-order.service.js'
import type { PlatformOrder, PlatformRefund } from '../../../src/platforms/order-feed.js'
import { bindInviter, inviteInfo } from '../../../src/referrals/referral.service.js'
import { setLogSink } from '../../../src/shared/log.js'
import type { UserRow } from '../../../src/users/user.table.js'
import { givePromoLink, newUser, platformOrder, ScriptedFeed, syncAndCredit, withdrawForTest } from '../../support/order-factory.js'
import { availableBackends, openPrivateDatabase } from '../../support/test-databases.js'

const who = (u: UserRow) => ({ contactId: u.contact_id, displayName: u.display_name })
const at = (secondsAgo: number): Date => new Date(Date.now() - secondsAgo * 1000)

/**
 * Taobao reports refunds after settlement apart from the order line
 * (order.refund.get rows carry no item fields), matched by
 * tb_trade_parent_id + tb_trade_id. The clawback goes through the ledger:
 * the rebate and both referral shares are reversed, a balance may go negative.
 */
describe.each(availableBackends())('refunds reported apart from their orders, on %s', (backend) => {
  let handle: DatabaseHandle
  let credit: CreditDeps
  const logs: string[] = []
  beforeAll(async () => {
    handle = await openPrivateDatabase(backend)
    credit = { db: handle.db, userShareBp: 6000, referralL1Bp: 1000, referralL2Bp: 500, attributionWindowMs: 3_600_000 }
    setLogSink((line) => logs.push(line))
  })
  afterAll(async () => {
    await handle.close()
  })

  async function chain(): Promise<[UserRow, UserRow, UserRow]> {
    const grand = await newUser(handle.db, 'grand')
    const parent = await newUser(handle.db, 'parent')
    const buyer = await newUser(handle.db, 'buyer')
    const rules = { onlyBeforeFirstOrder: true }
    expect((await bindInviter(handle.db, who(parent), (await inviteInfo(handle.db, who(grand))).code, rules)).kind).toBe('bound')
    expect((await bindInviter(handle.db, who(buyer), (await inviteInfo(handle.db, who(parent))).code, rules)).kind).toBe('bound')
    return [grand, parent, buyer]
  }

  /** A Taobao order the buyer was given the link for, settled with 10.00 commission. */
  async function settledOrder(buyer: UserRow, feed: ScriptedFeed, commissionFen = 1000): Promise<PlatformOrder> {
    const order = await boughtAfterLink(buyer, commissionFen)
    const settled = { ...order, status: 'settled' as const, receivedAt: order.paidAt, settledAt: order.paidAt, settledCommissionFen: commissionFen }
    feed.rows = [settled]
    await syncAndCredit(handle.db, feed, credit)
    feed.rows = []
    return settled
  }

  /** Taobao orders carry no per-user id: they attribute to the one user given the item's link before paying. */
  async function boughtAfterLink(buyer: UserRow, commissionFen = 1000): Promise<PlatformOrder> {
    const draft = platformOrder({ platform: 'taobao' })
    await givePromoLink(handle.db, buyer, 'taobao', draft.itemId)
    await new Promise((done) => setTimeout(done, 5))
    const paidAt = new Date()
    return { ...draft, estimatedCommissionFen: commissionFen, paidAt, updatedAt: paidAt }
  }

  const refundOf = (order: PlatformOrder, overrides: Partial<PlatformRefund> = {}): PlatformRefund => ({
    platform: 'taobao',
    orderId: order.orderId,
    subOrderId: order.subOrderId,
    refundId: `suit-${order.subOrderId}`,
    commissionRefundFen: order.settledCommissionFen,
    refundedAt: at(300),
    updatedAt: at(300),
    ...overrides,
  })

  async function entriesOf(subOrderId: string): Promise<string[]> {
    const rows = await handle.db
      .selectFrom('ledger_transactions as t')
      .innerJoin('orders as o', 'o.id', 't.order_row_id')
      .select('t.kind')
      .where('o.sub_order_id', '=', subOrderId)
      .orderBy('t.id')
      .execute()
    return rows.map((r) => r.kind)
  }

  it('a settled order refunded in full: rebate and both referral shares reversed, the withdrawn rebate leaves the buyer owing', async () => {
    const [grand, parent, buyer] = await chain()
    const feed = new ScriptedFeed('taobao')
    const order = await settledOrder(buyer, feed)
    expect((await userBalances(handle.db, buyer.id)).availableFen).toBe(600)
    expect((await userBalances(handle.db, parent.id)).availableFen).toBe(100)
    expect((await userBalances(handle.db, grand.id)).availableFen).toBe(50)
    // The buyer took the 6.00 out before the refund came in.
    await withdrawForTest(handle.db, buyer, 600)

    feed.refunds = [refundOf(order)]
    await syncAndCredit(handle.db, feed, credit)
    expect(await userBalances(handle.db, buyer.id)).toEqual({ pendingFen: 0, availableFen: -600, heldFen: 0, withdrawnFen: 600 })
    expect((await userBalances(handle.db, parent.id)).availableFen).toBe(0)
    expect((await userBalances(handle.db, grand.id)).availableFen).toBe(0)
    const stored = await handle.db.selectFrom('orders').selectAll().where('sub_order_id', '=', order.subOrderId).executeTakeFirstOrThrow()
    expect(stored).toMatchObject({ status: 'refunded', settled_commission_fen: '0' })
    const before = await entriesOf(order.subOrderId)
    expect(before.filter((k) => k.endsWith(':reverse'))).toHaveLength(3)

    // The same refund row again (the next sync's overlap, or refund_status 12 → 13): nothing more moves.
    await syncAndCredit(handle.db, feed, credit)
    feed.refunds = [refundOf(order, { updatedAt: at(200) })]
    await syncAndCredit(handle.db, feed, credit)
    expect(await entriesOf(order.subOrderId)).toEqual(before)
    expect((await userBalances(handle.db, buyer.id)).availableFen).toBe(-600)
  })

  it('partial refunds take back only their commission, each refund once', async () => {
    const buyer = await newUser(handle.db)
    const feed = new ScriptedFeed('taobao')
    const order = await settledOrder(buyer, feed)
    feed.refunds = [refundOf(order, { refundId: 'suit-a', commissionRefundFen: 300, updatedAt: at(400) })]
    await syncAndCredit(handle.db, feed, credit)
    expect((await userBalances(handle.db, buyer.id)).availableFen).toBe(420)
    feed.refunds = [
      refundOf(order, { refundId: 'suit-a', commissionRefundFen: 300, updatedAt: at(400) }),
      refundOf(order, { refundId: 'suit-b', commissionRefundFen: 300, updatedAt: at(300) }),
    ]
    await syncAndCredit(handle.db, feed, credit)
    expect((await userBalances(handle.db, buyer.id)).availableFen).toBe(240)
    const stored = await handle.db.selectFrom('orders').selectAll().where('sub_order_id', '=', order.subOrderId).executeTakeFirstOrThrow()
    expect(stored).toMatchObject({ status: 'refunded', settled_commission_fen: '400' })
  })

  it('an empty refund amount takes back all of the commission', async () => {
    const buyer = await newUser(handle.db)
    const feed = new ScriptedFeed('taobao')
    const order = await settledOrder(buyer, feed)
    feed.refunds = [refundOf(order, { commissionRefundFen: null })]
    await syncAndCredit(handle.db, feed, credit)
    expect((await userBalances(handle.db, buyer.id)).availableFen).toBe(0)
  })

  it('a refund seen before its order waits for it, and the order is never credited as if unrefunded', async () => {
    const buyer = await newUser(handle.db)
    const feed = new ScriptedFeed('taobao')
    const order = await boughtAfterLink(buyer)
    const settled = { ...order, status: 'settled' as const, settledAt: order.paidAt, settledCommissionFen: 1000 }
    feed.refunds = [refundOf(settled)]
    await syncAndCredit(handle.db, feed, credit)
    const waiting = await handle.db.selectFrom('order_refunds').selectAll().where('sub_order_id', '=', order.subOrderId).executeTakeFirstOrThrow()
    expect(waiting.applied_at).toBeNull()

    feed.refunds = []
    feed.rows = [settled]
    await syncAndCredit(handle.db, feed, credit)
    const stored = await handle.db.selectFrom('orders').selectAll().where('sub_order_id', '=', order.subOrderId).executeTakeFirstOrThrow()
    expect(stored.status).toBe('refunded')
    expect(await userBalances(handle.db, buyer.id)).toMatchObject({ pendingFen: 0, availableFen: 0 })
  })

  it('a refund naming another order number than its sub-order is not applied', async () => {
    const buyer = await newUser(handle.db)
    const feed = new ScriptedFeed('taobao')
    const order = await settledOrder(buyer, feed)
    feed.refunds = [refundOf(order, { orderId: '999999999999999999' })]
    await syncAndCredit(handle.db, feed, credit)
    expect((await userBalances(handle.db, buyer.id)).availableFen).toBe(600)
    expect(logs.some((l) => l.includes('refund names another order number') && l.includes(order.subOrderId))).toBe(true)
  })
})
