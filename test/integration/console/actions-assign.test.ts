import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAudit } from '../../../src/audit/audit.repository.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { userBalances } from '../../../src/ledger/ledger.repository.js'
import type { ClaimDeps } from '../../../src/orders/claim-order.service.js'
import type { PlatformOrder } from '../../../src/platforms/order-feed.js'
import { bindInviter, inviteInfo } from '../../../src/referrals/referral.service.js'
import type { UserRow } from '../../../src/users/user.table.js'
import type { ConsoleOperator } from '../../../web/console/console-operator.js'
import { consoleOrderAssignRoutes } from '../../../web/console/order-assign.routes.js'
import { consoleActionApp, form } from '../../support/console-action-app.js'
import { givePromoLink, newUser, platformOrder, recordedNotices, ScriptedFeed, syncAndCredit } from '../../support/order-factory.js'
import { openTestDatabase, preferredBackend } from '../../support/test-databases.js'

describe(`console: assigning an unattributed order on ${preferredBackend()}`, () => {
  let handle: DatabaseHandle
  let app: FastifyInstance
  let operator: ConsoleOperator
  let deps: ClaimDeps
  beforeAll(async () => {
    handle = await openTestDatabase(preferredBackend())
    deps = { db: handle.db, userShareBp: 6000, attributionWindowMs: 60_000, referralL1Bp: 1000, claimWindowMs: 7 * 86_400_000 }
    const user = await newUser(handle.db, '运营')
    operator = { userId: user.id, contactId: user.contact_id, displayName: '运营', csrfToken: 't' }
    app = await consoleActionApp(operator, [consoleOrderAssignRoutes({ ...deps, timeZone: 'Asia/Shanghai' })])
  })
  afterAll(async () => {
    await app.close()
    await handle.close()
  })

  /** An order synced and credited with nobody attributed (paid two hours after any link: past the ladder's window). */
  async function syncedOrder(overrides: Partial<PlatformOrder> = {}, credit: ClaimDeps = deps): Promise<{ order: PlatformOrder; rowId: string }> {
    const feed = new ScriptedFeed()
    const order = platformOrder({ paidAt: new Date(Date.now() + 2 * 3_600_000), updatedAt: new Date(), ...overrides })
    feed.rows = [order]
    await syncAndCredit(handle.db, feed, credit)
    const row = await handle.db.selectFrom('orders').select('id').where('sub_order_id', '=', order.subOrderId).executeTakeFirstOrThrow()
    return { order, rowId: row.id }
  }
  const rowOf = (rowId: string) => handle.db.selectFrom('orders').selectAll().where('id', '=', rowId).executeTakeFirstOrThrow()
  const auditOf = (rowId: string) => listAudit(handle.db, { limit: 10, target: { kind: 'order', id: rowId } })
  const assign = (rowId: string, fields: Record<string, string>) =>
    app.inject({ method: 'POST', url: `/console/orders/${rowId}/assign`, ...form({ _csrf: 't', ...fields }) })
  const noticesTo = async (user: UserRow) => (await recordedNotices(handle.db)).filter((n) => n.contactId === user.contact_id)

  it('the page shows the order, who had a link for its item before payment, and the form; text is escaped', async () => {
    const holder = await newUser(handle.db, '<b>小张</b>')
    const itemId = `assign-page-${holder.id}`
    await givePromoLink(handle.db, holder, 'jd', itemId)
    const { rowId, order } = await syncedOrder({ itemId, itemTitle: '<img src=x onerror=alert(1)>' })
    const page = await app.inject({ method: 'GET', url: `/console/orders/${rowId}/assign` })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`订单号 ${order.orderId}`)
    expect(page.body).not.toContain('<img src=x')
    expect(page.body).not.toContain('<b>小张')
    expect(page.body).toContain(`<a href="/console/users/${holder.id}">${holder.id}</a>`)
    expect(page.body).toContain(`action="/console/orders/${rowId}/assign"`)
    expect(page.body).toContain('name="_csrf" value="t"')
  })

  it('assigns through the claim’s path: rung operator, the buyer’s and the inviter’s credit, the notice, one audit row', async () => {
    const inviter = await newUser(handle.db, '邀请人')
    const { code } = await inviteInfo(handle.db, { contactId: inviter.contact_id, displayName: '邀请人' })
    const buyer = await newUser(handle.db, '买家')
    expect((await bindInviter(handle.db, { contactId: buyer.contact_id, displayName: '买家' }, code, { onlyBeforeFirstOrder: false })).kind).toBe('bound')
    const { rowId, order } = await syncedOrder()
    const response = await assign(rowId, { user: buyer.contact_id, reason: '买家发来付款截图' })
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain(`订单 ${order.orderId}（测试商品）已指派给 买家（用户 ${buyer.id}），入账返利 ¥6.00。`)
    expect(await rowOf(rowId)).toMatchObject({ user_id: buyer.id, attribution: 'operator' })
    expect((await userBalances(handle.db, buyer.id)).pendingFen).toBe(600)
    // The level-1 share came with it: the same reconciliation as any credited order.
    expect((await userBalances(handle.db, inviter.id)).pendingFen).toBe(100)
    const notices = await noticesTo(buyer)
    expect(notices).toHaveLength(1)
    expect(notices[0]?.text).toMatch(/^订单已收到：.*预计返利¥6\.00/)
    const audit = await auditOf(rowId)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      actorUserId: operator.userId,
      action: 'assign-order',
      reason: '买家发来付款截图',
      before: { userId: null, attribution: null, note: null },
      after: { userId: buyer.id, attribution: 'operator', rebateFen: 600 },
    })
    const ledger = await sql<{ n: string }>`select count(*) as n from ledger_transactions where order_row_id = ${rowId}`.execute(handle.db)
    expect(Number(ledger.rows[0]?.n)).toBeGreaterThan(0)
  })

  it('names the user by id or by invite code as well', async () => {
    const byId = await newUser(handle.db)
    const first = await syncedOrder()
    expect((await assign(first.rowId, { user: byId.id, reason: '核实' })).statusCode).toBe(200)
    expect((await rowOf(first.rowId)).user_id).toBe(byId.id)
    const byCode = await newUser(handle.db)
    const { code } = await inviteInfo(handle.db, { contactId: byCode.contact_id, displayName: byCode.display_name })
    const second = await syncedOrder()
    expect((await assign(second.rowId, { user: code.toLowerCase(), reason: '核实' })).statusCode).toBe(200)
    expect((await rowOf(second.rowId)).user_id).toBe(byCode.id)
  })

  it('settles an ambiguous order: the others who were asked to claim it are told it is settled', async () => {
    const [a, b] = [await newUser(handle.db, 'A'), await newUser(handle.db, 'B')]
    const itemId = `assign-ambiguous-${a.id}`
    await givePromoLink(handle.db, a, 'jd', itemId)
    await givePromoLink(handle.db, b, 'jd', itemId)
    const wide = { ...deps, attributionWindowMs: 86_400_000 }
    const { rowId } = await syncedOrder({ itemId, paidAt: new Date(Date.now() + 5_000) }, wide)
    expect(await rowOf(rowId)).toMatchObject({ user_id: null, attribution_note: 'ambiguous' })
    const ambiguousApp = await consoleActionApp(operator, [consoleOrderAssignRoutes({ ...wide, timeZone: 'Asia/Shanghai' })])
    try {
      const response = await ambiguousApp.inject({ method: 'POST', url: `/console/orders/${rowId}/assign`, ...form({ _csrf: 't', user: a.id, reason: '客服核实为 A 下单' }) })
      expect(response.statusCode).toBe(200)
    } finally {
      await ambiguousApp.close()
    }
    expect(await rowOf(rowId)).toMatchObject({ user_id: a.id, attribution: 'operator' })
    expect((await noticesTo(b)).map((n) => n.dedupeKey)).toContain(`claim-settled_${rowId}_${b.id}`)
    expect((await auditOf(rowId))[0]).toMatchObject({ before: { note: 'ambiguous' } })
  })

  it('an order already someone’s, or another promoter’s, is refused (409) and nothing changes', async () => {
    const owner = await newUser(handle.db)
    const other = await newUser(handle.db)
    const { rowId } = await syncedOrder({ attributionId: owner.attribution_id })
    expect(await rowOf(rowId)).toMatchObject({ user_id: owner.id, attribution: 'platform_id' })
    const taken = await assign(rowId, { user: other.id, reason: '试试' })
    expect(taken.statusCode).toBe(409)
    expect(taken.body).toContain('平台用户ID')
    const foreign = await syncedOrder({ attributionId: 'someone-elses-pid' })
    expect((await rowOf(foreign.rowId)).attribution_note).toBe('foreign')
    expect((await assign(foreign.rowId, { user: other.id, reason: '试试' })).statusCode).toBe(409)
    expect((await rowOf(foreign.rowId)).user_id).toBeNull()
    expect(await userBalances(handle.db, other.id)).toMatchObject({ pendingFen: 0, availableFen: 0 })
    expect(await auditOf(rowId)).toEqual([])
    expect(await auditOf(foreign.rowId)).toEqual([])
  })

  it.each([
    ['no reason', { user: 'USER' }, 400, '请填写原因'],
    ['a reason over 100 characters', { user: 'USER', reason: '长'.repeat(101) }, 400, '原因最多 100 个字'],
    ['no user', { reason: '核实' }, 400, '请填写用户'],
    ['an unknown user', { user: 'wx-nobody-at-all', reason: '核实' }, 404, '找不到用户'],
  ])('%s is refused and nothing changes', async (_name, fields, status, message) => {
    const someone = await newUser(handle.db)
    const { rowId } = await syncedOrder()
    const typed = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === 'USER' ? someone.id : v]))
    const response = await assign(rowId, typed)
    expect(response.statusCode).toBe(status)
    expect(response.body).toContain(message)
    expect(response.body).toContain('没有做任何改动')
    expect(await rowOf(rowId)).toMatchObject({ user_id: null, attribution: null })
    expect(await auditOf(rowId)).toEqual([])
  })

  it('an unknown order is a friendly 404 and a malformed id a 400, on the page and the action', async () => {
    const someone = await newUser(handle.db)
    for (const method of ['GET', 'POST'] as const) {
      const unknown = await app.inject({ method, url: '/console/orders/999999999/assign', ...(method === 'POST' ? form({ _csrf: 't', user: someone.id, reason: '核实' }) : {}) })
      expect(unknown.statusCode).toBe(404)
      expect(unknown.body).toContain('没有编号为 999999999 的订单')
      const malformed = await app.inject({ method, url: '/console/orders/1%27or%271/assign', ...(method === 'POST' ? form({ _csrf: 't', user: someone.id, reason: '核实' }) : {}) })
      expect(malformed.statusCode).toBe(400)
      expect(malformed.body).toContain('编号格式不对')
    }
    expect(await auditOf('999999999')).toEqual([])
  })

  it('a double-submitted assignment assigns once: one audit row, one credit', async () => {
    const buyer = await newUser(handle.db)
    const { rowId } = await syncedOrder()
    const responses = await Promise.all([assign(rowId, { user: buyer.id, reason: '核实' }), assign(rowId, { user: buyer.id, reason: '核实' })])
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 409])
    expect((await userBalances(handle.db, buyer.id)).pendingFen).toBe(600)
    expect(await auditOf(rowId)).toHaveLength(1)
  })
})
