import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chatDeps } from '../../../src/chat/chat-deps.js'
import { handleChat, type ChatDeps } from '../../../src/chat/chat.service.js'
import { loadConfig } from '../../../src/config.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { userAccount } from '../../../src/ledger/accounts.js'
import { appendTransaction, userBalances } from '../../../src/ledger/ledger.repository.js'
import type { UserRow } from '../../../src/users/user.table.js'
import { givePromoLink, newUser, platformOrder, recordedNotices, ScriptedFeed, syncAndCredit } from '../../support/order-factory.js'
import { availableBackends, openTestDatabase } from '../../support/test-databases.js'

/**
 * The chat commands whose effects reach another user — a claim (credited at
 * once) and a withdrawal decision — as the chat service runs them with no
 * Redis anywhere: nothing but PostgreSQL is given, so whatever the user is
 * to be told must be in `notice_outbox`, committed with the ledger movement.
 */
describe.each(availableBackends())('claims and withdrawal decisions from the chat, without Redis, on %s', (backend) => {
  let handle: DatabaseHandle
  let deps: ChatDeps
  const operator = `op-${randomUUID()}`
  beforeAll(async () => {
    handle = await openTestDatabase(backend)
    deps = chatDeps(loadConfig({ OPERATOR_IDS: operator, REDIS_URL: 'redis://127.0.0.1:1' }), {
      db: handle.db,
      platforms: {} as ChatDeps['platforms'],
      push: async () => {
        throw new Error('this test pushes nothing')
      },
      queuePictures: async () => {
        throw new Error('this test queues no pictures')
      },
      validateCron: () => false,
    })
  })
  afterAll(async () => {
    await handle.close()
  })

  const say = (user: { contact_id: string; display_name: string } | string, text: string) =>
    typeof user === 'string'
      ? handleChat(deps, { contactId: user, displayName: '管理员', text })
      : handleChat(deps, { contactId: user.contact_id, displayName: user.display_name, text })
  const noticesTo = async (user: UserRow) => (await recordedNotices(handle.db)).filter((n) => n.contactId === user.contact_id)

  it('「绑定订单」 credits the claimant and records the notice in the claim’s commit', async () => {
    const buyer = await newUser(handle.db)
    const itemId = `chat-claim-${buyer.id}`
    await givePromoLink(handle.db, buyer, 'jd', itemId)
    const feed = new ScriptedFeed()
    // Paid two hours after the link: past the ladder's window, so only a claim attributes it.
    const o = platformOrder({ itemId, paidAt: new Date(Date.now() + 2 * 3_600_000), updatedAt: new Date() })
    feed.rows = [o]
    await syncAndCredit(handle.db, feed, { db: handle.db, userShareBp: 6000, attributionWindowMs: 60_000 })
    expect(await noticesTo(buyer)).toEqual([])

    expect(await say(buyer, `绑定订单 ${o.orderId}`)).toBe(`已绑定订单 ${o.orderId}（测试商品），预计返利¥6.00已计入你的账户（待结算）。`)
    expect((await userBalances(handle.db, buyer.id)).pendingFen).toBe(600)
    const notices = await noticesTo(buyer)
    expect(notices).toHaveLength(1)
    expect(notices[0]?.text).toMatch(/^订单已收到：「测试商品」实付¥100\.00，预计返利¥6\.00/)
  })

  it('「通过」 and 「拒绝」 record the user’s notice with the ledger movement', async () => {
    const user = await newUser(handle.db, '小李')
    await appendTransaction(handle.db, {
      idempotencyKey: `chat-fund-${user.id}`,
      kind: 'test:fund',
      orderRowId: null,
      userId: user.id,
      postings: [
        { account: userAccount(user.id, 'available'), userId: user.id, amountFen: 2000 },
        { account: 'platform:jd:rebates', userId: null, amountFen: -2000 },
      ],
    })
    const first = /申请号 (\d+)/.exec((await say(user, '提现 5')) ?? '')?.[1]
    const second = /申请号 (\d+)/.exec((await say(user, '提现 3')) ?? '')?.[1]
    expect(first).toBeDefined()
    expect(second).toBeDefined()
    expect(await say(operator, `通过 ${first}`)).toBe(`已通过提现 ${first}（¥5.00），已通知用户。`)
    expect(await say(operator, `拒绝 ${second} 信息不符`)).toBe(`已拒绝提现 ${second}（¥3.00），金额已退回用户余额。`)
    expect(await userBalances(handle.db, user.id)).toEqual({ pendingFen: 0, availableFen: 1500, heldFen: 0, withdrawnFen: 500 })
    expect(await noticesTo(user)).toEqual([
      { contactId: user.contact_id, text: `提现成功：¥5.00（申请号 ${first}）已打款，请查收。`, dedupeKey: `withdrawal_${first}_paid` },
      { contactId: user.contact_id, text: `提现未通过：¥3.00（申请号 ${second}），原因：信息不符。金额已退回可提现余额。`, dedupeKey: `withdrawal_${second}_rejected` },
    ])
    expect(await say(user, '提现记录')).toBe(`提现记录：\n${second}. ¥3.00 未通过（信息不符）\n${first}. ¥5.00 已打款`)
  })
})
