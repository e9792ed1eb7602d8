import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { userBalances } from '../../../src/ledger/ledger.repository.js'
import { claimOrder, type ClaimDeps } from '../../../src/orders/claim-order.service.js'
import { creditOrder, type CreditDeps } from '../../../src/orders/credit-order.service.js'
import type { UserRow } from '../../../src/users/user.table.js'
import { givePromoLink, newUser, platformOrder, recordedNotices, ScriptedFeed, syncAndCredit } from '../../support/order-factory.js'
import { availableBackends, openTestDatabase } from '../../support/test-databases.js'

describe.each(availableBackends())('claiming an order by its number on %s', (backend) => {
  let handle: DatabaseHandle
  let credit: CreditDeps
  let claims: ClaimDeps
  beforeAll(async () => {
    handle = await openTestDatabase(backend)
    credit = { db: handle.db, userShareBp: 6000, attributionWindowMs: 60_000 }
    claims = { ...credit, claimWindowMs: 7 * 86_400_000 }
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

  /** Moves every link `user` was given for the item to `minutesBeforePayment` before the order's payment. */
  async function moveLink(user: UserRow, itemId: string, paidAt: Date, minutesBeforePayment: number): Promise<void> {
    const at = new Date(paidAt.getTime() - minutesBeforePayment * 60_000)
    await sql`update conversions set created_at = ${at} where user_id = ${user.id} and item_id = ${itemId}`.execute(handle.db)
  }

  it('a valid claim attributes the order and credits the claimant in the same commit, with its notice', async () => {
    const buyer = await newUser(handle.db)
    const itemId = `claim-item-${buyer.id}`
    await givePromoLink(handle.db, buyer, 'jd', itemId)
    const o = await unattributedOrder(itemId)
    const outcome = await claimOrder(claims, who(buyer), o.orderId)
    expect(outcome).toMatchObject({ kind: 'claimed', rebateFen: 600 })
    if (outcome.kind !== 'claimed') return
    // No credit job ran: the claim itself posted the movement and recorded its notice.
    expect((await userBalances(handle.db, buyer.id)).pendingFen).toBe(600)
    const notices = (await recordedNotices(handle.db)).filter((n) => n.contactId === buyer.contact_id)
    expect(notices).toHaveLength(1)
    expect(notices[0]?.text).toMatch(/^订单已收到：.*预计返利¥6\.00/)
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
    // The other user had the link a day before: the order is ambiguous to the ladder, the claimant clearly the buyer.
    await moveLink(other, itemId, o.paidAt, 24 * 60)
    const wide = { ...credit, attributionWindowMs: 2 * 86_400_000 }
    await syncAndCredit(handle.db, feed, wide)
    expect((await claimOrder({ ...wide, claimWindowMs: claims.claimWindowMs }, who(buyer), o.orderId)).kind).toBe('claimed')
  })

  it('someone else’s order cannot be claimed', async () => {
    const owner = await newUser(handle.db)
    const thief = await newUser(handle.db)
    const itemId = `claimed-${owner.id}`
    await givePromoLink(handle.db, owner, 'jd', itemId)
    await givePromoLink(handle.db, thief, 'jd', itemId)
    const o = await unattributedOrder(itemId)
    await moveLink(thief, itemId, o.paidAt, 3 * 24 * 60)
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

  it('two users racing to claim one order: exactly one wins, the likely buyer', async () => {
    const [a, b] = [await newUser(handle.db), await newUser(handle.db)]
    const itemId = `race-${a.id}`
    await givePromoLink(handle.db, a, 'jd', itemId)
    await givePromoLink(handle.db, b, 'jd', itemId)
    const o = await unattributedOrder(itemId)
    await moveLink(a, itemId, o.paidAt, 3)
    await moveLink(b, itemId, o.paidAt, 2 * 24 * 60)
    const outcomes = await Promise.all([claimOrder(claims, who(a), o.orderId), claimOrder(claims, who(b), o.orderId)])
    expect(outcomes.filter((x) => x.kind === 'claimed')).toHaveLength(1)
    expect(outcomes[0]?.kind).toBe('claimed')
    expect(['taken', 'disputed']).toContain(outcomes[1]?.kind)
    expect((await userBalances(handle.db, a.id)).pendingFen).toBe(600)
    expect((await userBalances(handle.db, b.id)).pendingFen).toBe(0)
  })

  describe('an order several users were given a link for (an ambiguous order)', () => {
    // Both links inside the ladder's window: crediting finds the order ambiguous and asks both users to claim it.
    const wide = (): CreditDeps => ({ ...credit, attributionWindowMs: 4 * 86_400_000 })

    it.each([
      ['the claimant got the link minutes before payment, the other days before', 2, 3 * 24 * 60, 'claimed'],
      ['the claimant 5 min before, the other 40 min before', 5, 40, 'claimed'],
      ['both within minutes of each other', 4, 9, 'disputed'],
      ['the other got the link closer to payment', 60, 3, 'disputed'],
      ['the claimant days before, the other minutes before', 3 * 24 * 60, 2, 'disputed'],
    ] as const)('%s → %s', async (_case, mine, theirs, expected) => {
      const [claimant, other] = [await newUser(handle.db), await newUser(handle.db)]
      const itemId = `ambiguous-${claimant.id}`
      const paidAt = new Date(Date.now() - 60_000)
      await givePromoLink(handle.db, claimant, 'jd', itemId)
      await givePromoLink(handle.db, other, 'jd', itemId)
      await moveLink(claimant, itemId, paidAt, mine)
      await moveLink(other, itemId, paidAt, theirs)
      const feed = new ScriptedFeed()
      const o = platformOrder({ itemId, paidAt })
      feed.rows = [o]
      const deps = { ...wide(), claimWindowMs: 7 * 86_400_000 }
      await syncAndCredit(handle.db, feed, deps)
      const row = () => handle.db.selectFrom('orders').selectAll().where('sub_order_id', '=', o.subOrderId).executeTakeFirstOrThrow()
      expect((await row()).attribution_note).toBe('ambiguous')
      const asked = (await recordedNotices(handle.db)).filter((n) => n.dedupeKey.startsWith('claim-ask_') && n.text.includes('绑定订单'))
      expect(asked.map((n) => n.contactId)).toEqual(expect.arrayContaining([claimant.contact_id, other.contact_id]))

      const outcome = await claimOrder(deps, who(claimant), o.orderId)
      expect(outcome.kind).toBe(expected)
      const toOther = (await recordedNotices(handle.db)).filter((n) => n.contactId === other.contact_id && n.dedupeKey.startsWith('claim-settled_'))
      if (expected === 'claimed') {
        expect((await row()).user_id).toBe(claimant.id)
        expect((await userBalances(handle.db, claimant.id)).pendingFen).toBe(600)
        // The other user asked to claim hears it is settled (in the claim's commit), without being told who.
        expect(toOther).toHaveLength(1)
        expect(toOther[0]?.text).toContain('已由另一位用户认领')
      } else {
        // In doubt nobody wins by claiming first: nothing changes.
        expect((await row()).user_id).toBeNull()
        expect((await userBalances(handle.db, claimant.id)).pendingFen).toBe(0)
        expect(toOther).toEqual([])
      }
    })
  })
})
