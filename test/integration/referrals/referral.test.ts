import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { userBalances } from '../../../src/ledger/ledger.repository.js'
import type { CreditDeps } from '../../../src/orders/credit-order.service.js'
import { welcomeFriend } from '../../../src/chat/friendship.service.js'
import { loadConfig } from '../../../src/config.js'
import { bindInviter, inviteInfo } from '../../../src/referrals/referral.service.js'
import type { UserRow } from '../../../src/users/user.table.js'
import { newUser, platformOrder, recordedNotices, ScriptedFeed, syncAndCredit } from '../../support/order-factory.js'
import { availableBackends, openPrivateDatabase } from '../../support/test-databases.js'

const who = (u: UserRow) => ({ contactId: u.contact_id, displayName: u.display_name })
const rules = { onlyBeforeFirstOrder: true }

describe.each(availableBackends())('referrals on %s', (backend) => {
  let handle: DatabaseHandle
  let credit: CreditDeps
  beforeAll(async () => {
    handle = await openPrivateDatabase(backend)
    credit = {
      db: handle.db,
      userShareBp: 6000,
      referralL1Bp: 1000,
      referralL2Bp: 500,
      attributionWindowMs: 3_600_000,
    }
  })
  afterAll(async () => {
    await handle.close()
  })

  async function chain(): Promise<[UserRow, UserRow, UserRow]> {
    const grand = await newUser(handle.db, 'grand')
    const parent = await newUser(handle.db, 'parent')
    const child = await newUser(handle.db, 'child')
    expect((await bindInviter(handle.db, who(parent), (await inviteInfo(handle.db, who(grand))).code, rules)).kind).toBe('bound')
    expect((await bindInviter(handle.db, who(child), (await inviteInfo(handle.db, who(parent))).code, rules)).kind).toBe('bound')
    return [grand, parent, child]
  }

  it('an invitee’s settled order pays the inviter level 1 and the inviter’s inviter level 2, each with its own entries', async () => {
    const [grand, parent, child] = await chain()
    const feed = new ScriptedFeed()
    const at = (s: number): Date => new Date(Date.now() - s * 1000)
    const o = platformOrder({ attributionId: child.attribution_id, estimatedCommissionFen: 1000, paidAt: at(600), updatedAt: at(500) })
    feed.rows = [o]
    await syncAndCredit(handle.db, feed, credit)
    expect((await userBalances(handle.db, parent.id)).pendingFen).toBe(100)
    expect((await userBalances(handle.db, grand.id)).pendingFen).toBe(50)

    feed.rows = [{ ...o, status: 'settled', settledCommissionFen: 1000, settledAt: at(300), updatedAt: at(300) }]
    await syncAndCredit(handle.db, feed, credit)
    expect(await userBalances(handle.db, child.id)).toMatchObject({ pendingFen: 0, availableFen: 600 })
    expect(await userBalances(handle.db, parent.id)).toMatchObject({ pendingFen: 0, availableFen: 100 })
    expect(await userBalances(handle.db, grand.id)).toMatchObject({ pendingFen: 0, availableFen: 50 })
    const keys = (await handle.db.selectFrom('ledger_transactions').select('idempotency_key').where('idempotency_key', 'like', `jd:${o.subOrderId}:%`).execute()).map((r) => r.idempotency_key)
    expect(keys.sort()).toEqual(
      [
        `jd:${o.subOrderId}:${child.id}:buyer:pending:1`,
        `jd:${o.subOrderId}:${child.id}:buyer:settle:2`,
        `jd:${o.subOrderId}:${parent.id}:l1:pending:1`,
        `jd:${o.subOrderId}:${parent.id}:l1:settle:2`,
        `jd:${o.subOrderId}:${grand.id}:l2:pending:1`,
        `jd:${o.subOrderId}:${grand.id}:l2:settle:2`,
      ].sort(),
    )
    expect((await recordedNotices(handle.db)).some((n) => n.contactId === parent.contact_id && n.text.startsWith('邀请奖励到账'))).toBe(true)
    const info = await inviteInfo(handle.db, who(parent))
    expect(info).toMatchObject({ level1: 1, level2: 0, level1EarnedFen: 100, level2EarnedFen: 0 })
    expect(await inviteInfo(handle.db, who(grand))).toMatchObject({ level1: 1, level2: 1, level2EarnedFen: 50 })

    // A refund after settlement reaches the inviters too.
    feed.rows = [{ ...o, status: 'refunded', settledCommissionFen: 0, settledAt: at(300), updatedAt: at(100) }]
    await syncAndCredit(handle.db, feed, credit)
    for (const user of [child, parent, grand]) expect(await userBalances(handle.db, user.id)).toMatchObject({ pendingFen: 0, availableFen: 0 })
    expect((await recordedNotices(handle.db)).some((n) => n.contactId === grand.contact_id && n.text.includes('已扣回'))).toBe(true)
  })

  it.each([
    ['binding yourself', 'self'],
    ['a code that does not exist', 'unknown-code'],
    ['a malformed code', 'invalid-code'],
  ] as const)('%s is refused', async (_name, kind) => {
    const user = await newUser(handle.db)
    const code = kind === 'self' ? (await inviteInfo(handle.db, who(user))).code : kind === 'unknown-code' ? 'ZZZZZZ' : 'abc'
    expect((await bindInviter(handle.db, who(user), code, rules)).kind).toBe(kind)
    const row = await handle.db.selectFrom('users').select('inviter_id').where('id', '=', user.id).executeTakeFirstOrThrow()
    expect(row.inviter_id).toBeNull()
  })

  it('never rebinding, never after the first order', async () => {
    const [a, b, c] = [await newUser(handle.db), await newUser(handle.db), await newUser(handle.db)]
    const codeA = (await inviteInfo(handle.db, who(a))).code
    const codeB = (await inviteInfo(handle.db, who(b))).code
    expect((await bindInviter(handle.db, who(c), codeA, rules)).kind).toBe('bound')
    expect((await bindInviter(handle.db, who(c), codeB, rules)).kind).toBe('already-bound')
    const buyer = await newUser(handle.db)
    const feed = new ScriptedFeed()
    feed.rows = [platformOrder({ attributionId: buyer.attribution_id })]
    await syncAndCredit(handle.db, feed, credit)
    expect((await bindInviter(handle.db, who(buyer), codeA, rules)).kind).toBe('has-orders')
  })

  it('a friend request carrying an invite code binds the new friend', async () => {
    const inviter = await newUser(handle.db, 'inviter')
    const code = (await inviteInfo(handle.db, who(inviter))).code
    const deps = { db: handle.db, referrals: loadConfig({}).referrals }
    const reply = await welcomeFriend(deps, { contactId: `wx-new-${inviter.id}`, displayName: '新朋友', hello: `我是新朋友 ${code.toLowerCase()}` })
    expect(reply).toContain('绑定成功')
    const friend = await handle.db.selectFrom('users').selectAll().where('contact_id', '=', `wx-new-${inviter.id}`).executeTakeFirstOrThrow()
    expect(friend.inviter_id).toBe(inviter.id)
  })

  it('two users binding each other at the same time: one binds, the other is refused as a cycle', async () => {
    const [a, b] = [await newUser(handle.db), await newUser(handle.db)]
    const [codeA, codeB] = [(await inviteInfo(handle.db, who(a))).code, (await inviteInfo(handle.db, who(b))).code]
    const outcomes = await Promise.all([bindInviter(handle.db, who(a), codeB, rules), bindInviter(handle.db, who(b), codeA, rules)])
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['bound', 'cycle'])
  })
})
