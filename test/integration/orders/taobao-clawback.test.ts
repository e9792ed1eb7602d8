import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { userBalances } from '../../../src/ledger/ledger.repository.js'
import type { CreditDeps } from '../../../src/orders/credit-order.service.js'
import { TaobaoPlatform } from '../../../src/platforms/taobao/taobao.platform.js'
import { bindInviter, inviteInfo } from '../../../src/referrals/referral.service.js'
import { simItem } from '../../../src/simulator/catalog.js'
import { SIM_CREDENTIALS } from '../../../src/simulator/sim-state.js'
import { startSimulator, type RunningSimulator } from '../../../src/simulator/simulator-server.js'
import type { UserRow } from '../../../src/users/user.table.js'
import { newUser, syncAndCredit, withdrawForTest } from '../../support/order-factory.js'
import { availableBackends, openPrivateDatabase } from '../../support/test-databases.js'

const who = (u: UserRow) => ({ contactId: u.contact_id, displayName: u.display_name })

/**
 * The whole road of a Taobao clawback: the simulator's order book rendered
 * through the real order.details.get / order.refund.get (refund rows shaped
 * as publisher_refund_order_dto, no item fields), the real adapter, the
 * sync, the refund store and crediting.
 */
describe.each(availableBackends())('a Taobao refund after settlement, through the real adapter, on %s', (backend) => {
  let handle: DatabaseHandle
  let sim: RunningSimulator
  let feed: TaobaoPlatform
  let credit: CreditDeps
  beforeAll(async () => {
    handle = await openPrivateDatabase(backend)
    sim = await startSimulator({ port: 0 })
    feed = new TaobaoPlatform({
      ...SIM_CREDENTIALS.taobao,
      gateway: sim.gatewayUrl('taobao'),
      timeoutMs: 3000,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
      adzoneId: '100000001',
      signMethod: 'md5',
    })
    credit = { db: handle.db, userShareBp: 6000, referralL1Bp: 1000, referralL2Bp: 500, attributionWindowMs: 3_600_000 }
  })
  afterAll(async () => {
    await sim.close()
    await handle.close()
  })

  it('reverses the rebate and both referral shares; the buyer who withdrew owes it', async () => {
    const grand = await newUser(handle.db, 'grand')
    const parent = await newUser(handle.db, 'parent')
    const buyer = await newUser(handle.db, 'buyer')
    const rules = { onlyBeforeFirstOrder: true }
    await bindInviter(handle.db, who(parent), (await inviteInfo(handle.db, who(grand))).code, rules)
    await bindInviter(handle.db, who(buyer), (await inviteInfo(handle.db, who(parent))).code, rules)
    // A user who bound Taobao (渠道关系ID): their orders attribute on the first rung.
    const relationId = `27${buyer.id.padStart(8, '0')}`
    await handle.db.updateTable('users').set({ taobao_relation_id: relationId }).where('id', '=', buyer.id).execute()

    let key = 800_000
    while (!simItem('taobao', String(key)).inProgram) key++
    const order = sim.state.orders.buy({ platform: 'taobao', itemKey: String(key), relationId })
    sim.state.orders.receive(order.orderId)
    sim.state.orders.settleAll('taobao')
    await syncAndCredit(handle.db, feed, credit)
    const commission = order.commissionFen
    const share = (bp: number): number => Math.floor((commission * bp) / 10_000)
    expect(await userBalances(handle.db, buyer.id)).toMatchObject({ pendingFen: 0, availableFen: share(6000) })
    expect((await userBalances(handle.db, parent.id)).availableFen).toBe(share(1000))
    expect((await userBalances(handle.db, grand.id)).availableFen).toBe(share(500))

    await withdrawForTest(handle.db, buyer, share(6000))
    // Let the refund's modified time fall in a later second than the settlement's (TOP's times are whole seconds).
    await new Promise((done) => setTimeout(done, 1100))
    sim.state.orders.refund(order.orderId)
    await syncAndCredit(handle.db, feed, credit)
    expect(await userBalances(handle.db, buyer.id)).toMatchObject({ pendingFen: 0, availableFen: -share(6000), withdrawnFen: share(6000) })
    expect((await userBalances(handle.db, parent.id)).availableFen).toBe(0)
    expect((await userBalances(handle.db, grand.id)).availableFen).toBe(0)
    const stored = await handle.db.selectFrom('orders').selectAll().where('sub_order_id', '=', order.subOrderId).executeTakeFirstOrThrow()
    expect(stored.status).toBe('refunded')
    const refunds = await handle.db.selectFrom('order_refunds').selectAll().where('sub_order_id', '=', order.subOrderId).execute()
    expect(refunds).toHaveLength(1)
    expect(refunds[0]?.applied_at).not.toBeNull()

    // The next syncs read the same refund row again: nothing moves twice.
    await syncAndCredit(handle.db, feed, credit)
    expect((await userBalances(handle.db, buyer.id)).availableFen).toBe(-share(6000))
    expect(await handle.db.selectFrom('order_refunds').selectAll().where('sub_order_id', '=', order.subOrderId).execute()).toHaveLength(1)
  })
})
