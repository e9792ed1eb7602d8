import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAudit } from '../../../src/audit/audit.repository.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { userBalances } from '../../../src/ledger/ledger.repository.js'
import type { UserRow } from '../../../src/users/user.table.js'
import { manualPayout } from '../../../src/withdrawals/manual-payout.js'
import { decideWithdrawal, requestWithdrawal } from '../../../src/withdrawals/withdrawal.service.js'
import type { ConsoleOperator } from '../../../web/console/console-operator.js'
import { consoleWithdrawalRoutes } from '../../../web/console/withdrawal.routes.js'
import { consoleActionApp, form } from '../../support/console-action-app.js'
import { fundForTest, newUser } from '../../support/order-factory.js'
import { openPrivateDatabase, preferredBackend } from '../../support/test-databases.js'

describe(`console withdrawals on ${preferredBackend()}`, () => {
  let handle: DatabaseHandle
  let app: FastifyInstance
  let operator: ConsoleOperator
  beforeAll(async () => {
    // A database of its own: the queue is every pending request, so other files' requests must not show.
    handle = await openPrivateDatabase(preferredBackend())
    const user = await newUser(handle.db, '运营小王')
    operator = { userId: user.id, contactId: user.contact_id, displayName: '运营小王', csrfToken: 'csrf-test' }
    app = await consoleActionApp(operator, [consoleWithdrawalRoutes({ db: handle.db, payout: manualPayout(handle.db), timeZone: 'Asia/Shanghai' })])
  })
  afterAll(async () => {
    await app.close()
    await handle.close()
  })

  async function pendingRequest(amountFen = 500, name = 'buyer'): Promise<{ user: UserRow; id: string }> {
    const user = await newUser(handle.db, name)
    await fundForTest(handle.db, user, 2000)
    const outcome = await requestWithdrawal({ db: handle.db, minimumFen: 100, dailyLimit: 10 }, { contactId: user.contact_id, displayName: name }, amountFen)
    if (outcome.kind !== 'requested') throw new Error(`request refused: ${outcome.kind}`)
    return { user, id: outcome.id }
  }
  const statusOf = async (id: string) => (await handle.db.selectFrom('withdrawals').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status
  const auditOf = (id: string) => listAudit(handle.db, { limit: 10, target: { kind: 'withdrawal', id } })
  const payoutsOf = (id: string) => handle.db.selectFrom('manual_payouts').selectAll().where('withdrawal_id', '=', id).execute()
  const post = (url: string, fields: Record<string, string | readonly string[]> = {}) => app.inject({ method: 'POST', url, ...form({ _csrf: 'csrf-test', ...fields }) })

  it('shows the queue oldest first, each with the user’s balances and earlier requests, names escaped', async () => {
    const first = await pendingRequest(300, '<script>alert(1)</script>')
    // An earlier request of the same user, already decided: part of their history.
    const earlier = await requestWithdrawal({ db: handle.db, minimumFen: 100, dailyLimit: 10 }, { contactId: first.user.contact_id, displayName: '<script>alert(1)</script>' }, 200)
    if (earlier.kind !== 'requested') throw new Error('refused')
    await decideWithdrawal({ db: handle.db, payout: manualPayout(handle.db) }, 'op', earlier.id, { approve: false, reason: '信息不符' })
    const second = await pendingRequest(700, '老李')
    const page = await app.inject({ method: 'GET', url: '/console/withdrawals' })
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('<script>alert(1)')
    expect(page.body).toContain('&lt;script>alert(1)&lt;/script>')
    expect(page.body.indexOf(`id="w-${first.id}"`)).toBeLessThan(page.body.indexOf(`id="w-${second.id}"`))
    // 2000 funded − 300 − 200 held, the 200 released by the rejection: 1700 available, 300 held.
    expect(page.body).toContain('可提现 17.00')
    expect(page.body).toContain('冻结 3.00')
    expect(page.body).toMatch(new RegExp(`${earlier.id} · 2\\.00 · 已拒绝（信息不符）`))
    expect(page.body).toContain(`action="/console/withdrawals/${second.id}/approve"`)
    expect(page.body).toContain('name="_csrf" value="csrf-test"')
  })

  it('approving pays once, redirects back with a flash, and writes one audit row with before → after', async () => {
    const { user, id } = await pendingRequest(500)
    const response = await post(`/console/withdrawals/${id}/approve`)
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe(`/console/withdrawals?done=paid&id=${id}#w-${id}`)
    expect(await statusOf(id)).toBe('paid')
    expect(await userBalances(handle.db, user.id)).toMatchObject({ heldFen: 0, withdrawnFen: 500, availableFen: 1500 })
    const audit = await auditOf(id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      actorUserId: operator.userId,
      actorContactId: operator.contactId,
      action: 'approve-withdrawal',
      before: { status: 'pending', userId: user.id, amountFen: 500 },
      after: { status: 'paying', userId: user.id, amountFen: 500, payoutKey: `withdrawal-${id}`, adapter: 'manual' },
    })
    const flashed = await app.inject({ method: 'GET', url: response.headers.location as string })
    expect(flashed.body).toContain(`申请 ${id} 已通过并打款。`)
  })

  it('rejecting with a reason releases the hold and audits the reason', async () => {
    const { user, id } = await pendingRequest(500)
    const response = await post(`/console/withdrawals/${id}/reject`, { reason: '  收款信息不符  ' })
    expect(response.statusCode).toBe(303)
    expect(await statusOf(id)).toBe('rejected')
    expect(await userBalances(handle.db, user.id)).toMatchObject({ heldFen: 0, availableFen: 2000 })
    const audit = await auditOf(id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'reject-withdrawal', reason: '收款信息不符', before: { status: 'pending' }, after: { status: 'rejected' } })
  })

  it.each([
    ['no reason', {}, '请填写原因'],
    ['a blank reason', { reason: '   ' }, '请填写原因'],
    ['a reason over 100 characters', { reason: '很'.repeat(101) }, '原因最多 100 个字'],
  ])('a rejection with %s is refused (400) and changes nothing', async (_name, fields, message) => {
    const { user, id } = await pendingRequest(500)
    const response = await post(`/console/withdrawals/${id}/reject`, fields)
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain(message)
    expect(response.body).toContain('没有做任何改动')
    expect(await statusOf(id)).toBe('pending')
    expect(await userBalances(handle.db, user.id)).toMatchObject({ heldFen: 500 })
    expect(await auditOf(id)).toEqual([])
  })

  it('a malformed id is 400 and an unknown one a friendly 404; neither writes anything', async () => {
    const malformed = await post('/console/withdrawals/12abc/approve')
    expect(malformed.statusCode).toBe(400)
    expect(malformed.body).toContain('编号格式不对')
    const unknown = await post('/console/withdrawals/987654321/approve')
    expect(unknown.statusCode).toBe(404)
    expect(unknown.body).toContain('没有申请号为 987654321 的提现申请')
    expect(await auditOf('987654321')).toEqual([])
    expect((await app.inject({ method: 'GET', url: '/console/withdrawals?done=bogus&id=1' })).statusCode).toBe(400)
  })

  it('a double-submitted approval (two concurrent POSTs) decides once: one payout, one audit row', async () => {
    const { user, id } = await pendingRequest(800)
    const [a, b] = await Promise.all([post(`/console/withdrawals/${id}/approve`), post(`/console/withdrawals/${id}/approve`)])
    expect([a.statusCode, b.statusCode]).toEqual([303, 303])
    expect(await statusOf(id)).toBe('paid')
    expect(await payoutsOf(id)).toHaveLength(1)
    expect(await userBalances(handle.db, user.id)).toMatchObject({ heldFen: 0, withdrawnFen: 800 })
    expect(await auditOf(id)).toHaveLength(1)
    const ledger = await handle.db.selectFrom('ledger_transactions').select('kind').where('idempotency_key', '=', `withdrawal:${id}:paid`).execute()
    expect(ledger).toHaveLength(1)
  })

  it('bulk approval of three (one already rejected) decides each on its own and lists every outcome', async () => {
    const one = await pendingRequest(300)
    const two = await pendingRequest(400)
    const decided = await pendingRequest(500)
    await decideWithdrawal({ db: handle.db, payout: manualPayout(handle.db) }, 'op', decided.id, { approve: false, reason: '重复申请' })
    const response = await post('/console/withdrawals/approve', { ids: [one.id, decided.id, two.id] })
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('共 3 笔：2 笔已通过，1 笔未改动或失败')
    expect(response.body).toContain(`申请 ${one.id}（¥3.00）已通过并打款。`)
    expect(response.body).toContain(`申请 ${two.id}（¥4.00）已通过并打款。`)
    expect(response.body).toContain(`申请 ${decided.id} 已经处理过（已拒绝），这次没有改动。`)
    expect(await statusOf(one.id)).toBe('paid')
    expect(await statusOf(two.id)).toBe('paid')
    expect(await statusOf(decided.id)).toBe('rejected')
    expect(await auditOf(one.id)).toHaveLength(1)
    expect(await auditOf(two.id)).toHaveLength(1)
    // The rejection above was not the console's (no audit actor given), and the bulk approval changed nothing there.
    expect(await auditOf(decided.id)).toEqual([])
  })

  it('the audit row commits with the decision: when it cannot be written, the decision does not happen either', async () => {
    const { user, id } = await pendingRequest(600)
    // An actor whose user does not exist: the audit insert breaks its foreign key inside the decision's transaction.
    const ghost = { userId: '987654321', contactId: 'ghost' }
    await expect(decideWithdrawal({ db: handle.db, payout: manualPayout(handle.db) }, 'ghost', id, { approve: true }, ghost)).rejects.toThrow()
    await expect(decideWithdrawal({ db: handle.db, payout: manualPayout(handle.db) }, 'ghost', id, { approve: false, reason: '测试' }, ghost)).rejects.toThrow()
    expect(await statusOf(id)).toBe('pending')
    expect(await payoutsOf(id)).toEqual([])
    expect(await userBalances(handle.db, user.id)).toMatchObject({ heldFen: 600, withdrawnFen: 0 })
    expect(await auditOf(id)).toEqual([])
  })

  it('bulk approval with nothing ticked, or a malformed id among them, is refused and changes nothing', async () => {
    const { id } = await pendingRequest(300)
    const none = await post('/console/withdrawals/approve')
    expect(none.statusCode).toBe(400)
    expect(none.body).toContain('请先勾选要处理的申请')
    const bad = await post('/console/withdrawals/approve', { ids: [id, 'x1'] })
    expect(bad.statusCode).toBe(400)
    expect(await statusOf(id)).toBe('pending')
    expect(await auditOf(id)).toEqual([])
  })
})
