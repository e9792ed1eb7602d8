import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAudit } from '../../../src/audit/audit.repository.js'
import { loadConfig } from '../../../src/config.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { manualPayout } from '../../../src/withdrawals/manual-payout.js'
import { requestWithdrawal } from '../../../src/withdrawals/withdrawal.service.js'
import { consoleActionRoutes } from '../../../web/console/console-action-routes.js'
import { consoleTestApp, form, logInOperator, type ConsoleLogin } from '../../support/console-session.js'
import { fundForTest, newUser } from '../../support/order-factory.js'
import { openPrivateDatabase, preferredBackend } from '../../support/test-databases.js'

/** The action plugins behind the real console guard: a session and the CSRF token are needed for every write. */
describe(`console actions behind the session guard, on ${preferredBackend()}`, () => {
  let handle: DatabaseHandle
  let app: FastifyInstance
  let login: ConsoleLogin
  beforeAll(async () => {
    handle = await openPrivateDatabase(preferredBackend())
    const sections = consoleActionRoutes(loadConfig({ REDIS_URL: 'redis://127.0.0.1:1' }), { db: handle.db, payout: manualPayout(handle.db) })
    app = await consoleTestApp(handle.db, { sections })
    login = await logInOperator(app, handle.db)
  })
  afterAll(async () => {
    await app.close()
    await handle.close()
  })

  async function pendingRequest(): Promise<string> {
    const user = await newUser(handle.db)
    await fundForTest(handle.db, user, 2000)
    const outcome = await requestWithdrawal({ db: handle.db, minimumFen: 100, dailyLimit: 10 }, { contactId: user.contact_id, displayName: 'x' }, 500)
    if (outcome.kind !== 'requested') throw new Error(outcome.kind)
    return outcome.id
  }
  const statusOf = async (id: string) => (await handle.db.selectFrom('withdrawals').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status

  it('without a session: the login page, no data, no change', async () => {
    const id = await pendingRequest()
    const page = await app.inject({ method: 'GET', url: '/console/withdrawals' })
    expect(page.statusCode).toBe(401)
    expect(page.body).not.toContain(`w-${id}`)
    const post = await app.inject({ method: 'POST', url: `/console/withdrawals/${id}/approve`, ...form({ _csrf: login.csrfToken }) })
    expect(post.statusCode).toBe(401)
    expect(await statusOf(id)).toBe('pending')
  })

  it('with the session but without the CSRF token: 403, no change', async () => {
    const id = await pendingRequest()
    const post = await app.inject({ method: 'POST', url: `/console/withdrawals/${id}/approve`, headers: { cookie: login.cookie }, payload: '' })
    expect(post.statusCode).toBe(403)
    expect(await statusOf(id)).toBe('pending')
  })

  it('with both: the page lists it, the approval pays and is audited as the logged-in operator', async () => {
    const id = await pendingRequest()
    const page = await app.inject({ method: 'GET', url: '/console/withdrawals', headers: { cookie: login.cookie } })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`id="w-${id}"`)
    expect(page.body).toContain(`value="${login.csrfToken}"`)
    const { headers, payload } = form({ _csrf: login.csrfToken })
    const post = await app.inject({ method: 'POST', url: `/console/withdrawals/${id}/approve`, headers: { ...headers, cookie: login.cookie }, payload })
    expect(post.statusCode).toBe(303)
    expect(await statusOf(id)).toBe('paid')
    const audit = await listAudit(handle.db, { limit: 5, target: { kind: 'withdrawal', id } })
    expect(audit).toMatchObject([{ action: 'approve-withdrawal', actorUserId: login.userId, actorContactId: login.contactId }])
    const auditPage = await app.inject({ method: 'GET', url: '/console/audit', headers: { cookie: login.cookie } })
    expect(auditPage.body).toContain('通过提现')
  })
})
