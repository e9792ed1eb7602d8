import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { userBalances } from '../../../src/ledger/ledger.repository.js'
import { claimOrder, type ClaimDeps } from '../../../src/orders/claim-order.service.js'
import { creditOrder, type CreditDeps } from '../../../src/orders/credit-order.service.js'
import { givePromoLink, newUser, platformOrder, ScriptedFeed, syncAndCredit } from '../../support/order-factory.js'
import { availableBackends, openTestDatabase } from '../../support/test-databases.js'

describe.each(availableBackends())('claiming an order by its number on %s', (backend) => {
  let handle: DatabaseHandle
  let credit: CreditDeps
  let claims: ClaimDeps
  beforeAll(async () => {
    handle = await openTestDatabase(backend)
    credit = { db: handle.db, userShareBp: 6000, attributionWindowMs: 60_000 }
    claims = { db: handle.db, claimWindowMs: 7 * 86_400_000 }
  })
  afterAll(async () => {
    await handle.close()
  })

  const who = (user: { contact_id: string; display_name: string }) => ({ contactId: user.contact_id, displayName: user.display_name })

  /** An unattributed order of an item the user was given a link for two hours before paying (outside the ladder's window). */
  async function unattributedOrder(itemId: string) {
    const feed = new ScriptedFeed()
    const o = platformOrder({ itemId, paidAt: new Date(Date.now() + 2 * 3_600_000), updatedAt: new Date() })
    feed.rows = [o]
    await syncAndCredit(handle.db, feed, credit)
    return o
  }

  it('a valid claim attributes the order, and crediting then pays the claimant', async () => {
    const buyer = await newUser(handle.db)
    const itemId = `claim-item-${buyer.id}`
    await givePromoLink(handle.db, buyer, 'jd', itemId)
    const o = await unattributedOrder(itemId)
    const outcome = await claimOrder(claims, who(buyer), o.orderId)
    expect(outcome.kind).toBe('claimed')
    if (outcome.kind !== 'claimed') return
    for (const id of outcome.orderRowIds) await creditOrder(credit, id)
    expect((await userBalances(handle.db, buyer.id)).pendingFen).toBe(600)
    const row = await handle.db.selectFrom('orders').selectAll().where('sub_order_id', '=', o.subOrderId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ user_id: buyer.id, attribution: 'claim' })

    // A replayed claim changes nothing.
    expect((await claimOrder(claims, who(buyer), o.orderId)).kind).toBe('already-yours')
    for (const id of outcome.orderRowIds) await creditOrder(credit, id)
    expect((await userBalances(handle.db, buyer.id)).pendingFen).toBe(600)
  })

  it('an order paid in the second the link was given (second-precision times) can be claimed', async () => {
    const buyer = await newUser(handle.db)
    const other = await newUser(handle.db)
    const itemId = `same-second-${buyer.id}`
    await givePromoLink(handle.db, buyer, 'taobao', itemId)
    await givePromoLink(handle.db, other, 'taobao', itemId)
    const linkAt = await handle.db.selectFrom('conversions').select('created_at').where('item_id', '=', itemId).orderBy('id').executeTakeFirstOrThrow()
    const feed = new ScriptedFeed('taobao')
    const o = platformOrder({ platform: 'taobao', itemId, paidAt: new Date(Math.floor(linkAt.created_at.getTime() / 1000) * 1000) })
    feed.rows = [o]
    await syncAndCredit(handle.db, feed, credit)
    expect((await claimOrder(claims, who(buyer), o.orderId)).kind).toBe('claimed')
  })

  it('someone else’s order cannot be claimed', async () => {
    const owner = await newUser(handle.db)
    const thief = await newUser(handle.db)
    const itemId = `claimed-${owner.id}`
    await givePromoLink(handle.db, owner, 'jd', itemId)
    await givePromoLink(handle.db, thief, 'jd', itemId)
    const o = await unattributedOrder(itemId)
    expect((await claimOrder(claims, who(owner), o.orderId)).kind).toBe('claimed')
    expect((await claimOrder(claims, who(thief), o.orderId)).kind).toBe('taken')
    const row = await handle.db.selectFrom('orders').selectAll().where('sub_order_id', '=', o.subOrderId).executeTakeFirstOrThrow()
    expect(row.user_id).toBe(owner.id)
  })

  it('an order of an item never promoted to the claimant is refused', async () => {
    const stranger = await newUser(handle.db)
    const o = await unattributedOrder(`never-promoted-${stranger.id}`)
    expect((await claimOrder(claims, who(stranger), o.orderId)).kind).toBe('implausible')
  })

  it('an unknown number is reported as not found and writes nothing', async () => {
    const user = await newUser(handle.db)
    const before = await handle.db.selectFrom('orders').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect((await claimOrder(claims, who(user), '9999999999999999999')).kind).toBe('not-found')
    const after = await handle.db.selectFrom('orders').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect(after.n).toBe(before.n)
  })

  it('another promoter’s order cannot be claimed', async () => {
    const user = await newUser(handle.db)
    const feed = new ScriptedFeed()
    const o = platformOrder({ attributionId: 'other-promoter-1' })
    feed.rows = [o]
    await syncAndCredit(handle.db, feed, credit)
    await givePromoLink(handle.db, user, 'jd', o.itemId)
    expect((await claimOrder(claims, who(user), o.orderId)).kind).toBe('taken')
  })

  it('two users racing to claim one order: exactly one wins', async () => {
    const [a, b] = [await newUser(handle.db), await newUser(handle.db)]
    const itemId = `race-${a.id}`
    await givePromoLink(handle.db, a, 'jd', itemId)
    await givePromoLink(handle.db, b, 'jd', itemId)
    const o = await unattributedOrder(itemId)
    const outcomes = await Promise.all([claimOrder(claims, who(a), o.orderId), claimOrder(claims, who(b), o.orderId)])
    expect(outcomes.map((x) => x.kind).sort()).toEqual(['claimed', 'taken'])
  })
})
