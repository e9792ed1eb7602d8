import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LEDGER_PAGE_SIZE } from '../../../src/console/user-lookup.service.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { balancesFor } from '../../../src/ledger/balance.service.js'
import { setInviteCode, setInviter } from '../../../src/referrals/referral.repository.js'
import { ensureUser } from '../../../src/users/user.service.js'
import type { UserRow } from '../../../src/users/user.table.js'
import { insertWithdrawal } from '../../../src/withdrawals/withdrawal.repository.js'
import { consoleUserRoutes } from '../../../web/console/users.routes.js'
import { seedMovement, seedOrder } from '../../support/funnel-factory.js'
import { givePromoLink, withdrawForTest } from '../../support/order-factory.js'
import { openPrivateDatabase, preferredBackend } from '../../support/test-databases.js'
import { HOSTILE_ESCAPED, HOSTILE_NAME, INLINE_SCRIPT, pagesApp, TEST_OPERATOR } from './pages-app.js'

const TZ = 'Asia/Shanghai'

describe('console users pages', () => {
  let handle: DatabaseHandle
  let app: FastifyInstance
  let hostile: UserRow
  let inviter: UserRow
  let level1: UserRow
  let level2: UserRow
  let orderNumber: string

  const user = (name: string) => ensureUser(handle.db, { contactId: `wx-${randomUUID()}`, displayName: name })
  const get = (url: string) => app.inject({ method: 'GET', url })

  beforeAll(async () => {
    handle = await openPrivateDatabase(preferredBackend())
    app = await pagesApp([consoleUserRoutes({ db: handle.db, timeZone: TZ })])
    hostile = await user(`${HOSTILE_NAME}小明`)
    inviter = await user('邀请人阿强')
    level1 = await user('一级好友')
    level2 = await user('二级好友')
    await setInviteCode(handle.db, inviter.id, 'QIANG88')
    await setInviter(handle.db, level1.id, inviter.id)
    await setInviter(handle.db, level2.id, level1.id)
    const orderRowId = await seedOrder(handle.db, { user: level1, platform: 'jd', itemId: 'sku-1', paidAt: new Date(), status: 'settled', paidFen: 9_900, estimatedFen: 990, settledFen: 990 })
    const order = await handle.db.selectFrom('orders').select('order_id').where('id', '=', orderRowId).executeTakeFirstOrThrow()
    orderNumber = order.order_id
    await seedMovement(handle.db, { orderRowId, platform: 'jd', user: inviter, role: 'l1', kind: 'settle', pendingFen: 500, availableFen: 300 })
    await withdrawForTest(handle.db, inviter, 100)
    await insertWithdrawal(handle.db, inviter.id, 150)
    await givePromoLink(handle.db, inviter, 'jd', 'sku-9')
  })
  afterAll(async () => {
    await app.close()
    await handle.close()
  })

  it('without a search text shows the search form and lists nobody', async () => {
    const response = await get('/console/users')
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('<form method="get" action="/console/users" class="filters">')
    expect(response.body).toContain(TEST_OPERATOR.displayName)
    expect(response.body).not.toContain('/console/users/')
  })

  it.each([
    ['a part of the display name', () => '阿强', () => inviter],
    ['the contact id', () => level2.contact_id, () => level2],
    ['the invite code', () => 'QIANG88', () => inviter],
    ['an order number of theirs', () => orderNumber, () => level1],
  ])('finds a user by %s', async (_what, text, expected) => {
    const response = await get(`/console/users?q=${encodeURIComponent(text())}`)
    expect(response.statusCode).toBe(200)
    const linked = [...response.body.matchAll(/href="\/console\/users\/(\d+)"/g)].map((m) => m[1])
    expect(linked).toEqual([expected().id])
  })

  it('treats % and _ in a search as letters, and says when nothing matches', async () => {
    const response = await get('/console/users?q=%25')
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('没有找到「%」相关的用户')
  })

  it('escapes a name holding <script> in the list and on the user page', async () => {
    const list = await get(`/console/users?q=${encodeURIComponent('小明')}`)
    expect(list.body).toContain(HOSTILE_ESCAPED)
    expect(list.body).not.toContain(HOSTILE_NAME)
    const page = await get(`/console/users/${hostile.id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(HOSTILE_ESCAPED)
    expect(page.body).not.toContain(HOSTILE_NAME)
    expect(page.body).not.toMatch(INLINE_SCRIPT)
  })

  it("shows the ledger's balances, the entries with their keys, links, invitees at both levels and withdrawals", async () => {
    const balances = await balancesFor(handle.db, inviter.contact_id)
    // The pending request is a bare row here (the hold is the withdrawal service's): the page shows what the ledger says.
    expect(balances).toEqual({ pendingFen: 500, availableFen: 200, heldFen: 0, withdrawnFen: 100 })
    const response = await get(`/console/users/${inviter.id}`)
    expect(response.statusCode).toBe(200)
    const body = response.body
    expect(body).toContain('<span class="label">待结算</span><strong class="figure">¥5.00</strong>')
    expect(body).toContain('<span class="label">可提现</span><strong class="figure">¥2.00</strong>')
    expect(body).toContain('<span class="label">已提现</span><strong class="figure">¥1.00</strong>')
    const keys = await handle.db
      .selectFrom('ledger_transactions')
      .innerJoin('ledger_postings', 'ledger_postings.transaction_id', 'ledger_transactions.id')
      .select('idempotency_key')
      .distinct()
      .where('ledger_postings.user_id', '=', inviter.id)
      .execute()
    expect(keys.length).toBe(2)
    for (const { idempotency_key } of keys) expect(body).toContain(`<code>${idempotency_key}</code>`)
    expect(body).toContain('+¥5.00')
    expect(body).toContain('邀请的人（一级 1，二级 1）')
    expect(body).toContain(`<td>一级</td><td><a href="/console/users/${level1.id}">一级好友</a>`)
    expect(body).toContain(`<td>二级</td><td><a href="/console/users/${level2.id}">二级好友</a>`)
    expect(body).toContain('<td class="num">¥1.50</td><td>待审核</td>')
    expect(body).toContain('测试商品')
  })

  it("shows a user's orders and their inviter", async () => {
    const body = (await get(`/console/users/${level1.id}`)).body
    expect(body).toContain(orderNumber)
    expect(body).toContain(`<a href="/console/users/${inviter.id}">邀请人阿强</a>`)
  })

  it('pages the ledger back by transaction id, newest first', async () => {
    const busy = await user('账本很长')
    const orderRowId = await seedOrder(handle.db, { user: busy, platform: 'pdd', itemId: 'p-1', paidAt: new Date(), status: 'paid', paidFen: 100, estimatedFen: 10 })
    for (let i = 0; i < LEDGER_PAGE_SIZE + 5; i++) {
      await seedMovement(handle.db, { orderRowId, platform: 'pdd', user: busy, role: 'buyer', kind: `k${i}`, pendingFen: i + 1, availableFen: 0 })
    }
    const first = (await get(`/console/users/${busy.id}`)).body
    expect(first).toContain('buyer:k54')
    expect(first).not.toContain('buyer:k4<')
    const next = /href="(\/console\/users\/\d+\?before=\d+)#ledger">下一页/.exec(first)?.[1]
    expect(next).toBeDefined()
    const second = (await get(next ?? '')).body
    expect(second).toContain('buyer:k4<')
    expect(second).toContain('buyer:k0<')
    expect(second).not.toContain('buyer:k5<')
    expect(second).not.toContain('下一页')
    expect(second).toContain('回到第一页')
  })

  it.each([
    ['/console/users/abc', 400, '用户编号只能是数字'],
    ['/console/users/0123', 400, '用户编号只能是数字'],
    ['/console/users/99999999999', 404, '没有编号为 99999999999 的用户'],
    [`/console/users?q=${'长'.repeat(65)}`, 400, '搜索内容太长了'],
    ['/console/users?q=a&q=b', 400, '搜索内容只能填一个'],
    ['/console/users/1?before=x', 400, '分页参数有误'],
  ])('%s → %i with a message, never a stack trace', async (url, status, message) => {
    const response = await get(url)
    expect(response.statusCode).toBe(status)
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(response.body).toContain(message)
    expect(response.body).toContain('<nav>')
    expect(response.body).not.toMatch(/at .*\.ts:\d+|Error:/)
  })
})
