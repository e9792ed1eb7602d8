import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findAccount, writeAccountState } from '../../../src/accounts/account.repository.js'
import { beijingDate } from '../../../src/accounts/beijing-date.js'
import { listAudit } from '../../../src/audit/audit.repository.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { readSyncCursor, stopSync } from '../../../src/orders/sync-cursor.repository.js'
import { loadConfig } from '../../../src/config.js'
import { manualPayout } from '../../../src/withdrawals/manual-payout.js'
import { consoleActionRoutes } from '../../../web/console/console-action-routes.js'
import type { ConsoleOperator } from '../../../web/console/console-operator.js'
import { consoleActionApp, form } from '../../support/console-action-app.js'
import { newUser } from '../../support/order-factory.js'
import { openPrivateDatabase, preferredBackend } from '../../support/test-databases.js'

describe(`console: pause/resume an account, resume a platform's sync, on ${preferredBackend()}`, () => {
  let handle: DatabaseHandle
  let app: FastifyInstance
  let operator: ConsoleOperator
  beforeAll(async () => {
    // Sync cursors are global per database: a database of its own.
    handle = await openPrivateDatabase(preferredBackend())
    const user = await newUser(handle.db, '运营')
    operator = { userId: user.id, contactId: user.contact_id, displayName: '运营', csrfToken: 't' }
    // Built as the web role would (every action plugin from configuration): the routes must not clash.
    const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:1' })
    app = await consoleActionApp(operator, consoleActionRoutes(config, { db: handle.db, payout: manualPayout(handle.db) }))
  })
  afterAll(async () => {
    await app.close()
    await handle.close()
  })

  let serial = 0
  async function account(state: 'logged-in' | 'limited' = 'logged-in'): Promise<string> {
    const name = `acct-${++serial}`
    await writeAccountState(handle.db, { name, state, stateReason: state === 'limited' ? '发送受限' : null, sentDay: beijingDate(Date.now()), sentToday: {}, backlog: 0 })
    return name
  }
  const post = (url: string, fields: Record<string, string> = {}) => app.inject({ method: 'POST', url, ...form({ _csrf: 't', ...fields }) })
  const auditOf = (kind: string, id: string) => listAudit(handle.db, { limit: 10, target: { kind, id } })

  it('pausing takes a reason, pauses the account and writes one audit row with before → after', async () => {
    const name = await account()
    const response = await post(`/console/accounts/${name}/pause`, { reason: '新号养号中' })
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain(`已暂停账号 ${name} 的推送`)
    expect(await findAccount(handle.db, name)).toMatchObject({ paused: true, paused_reason: '新号养号中' })
    const audit = await auditOf('account', name)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      actorUserId: operator.userId,
      action: 'pause-account',
      reason: '新号养号中',
      before: { paused: false, pausedReason: null, state: 'logged-in' },
      after: { paused: true, pausedReason: '新号养号中', state: 'logged-in' },
    })
  })

  it('resuming clears the pause and the bot’s own limit, reason optional, one audit row', async () => {
    const name = await account('limited')
    expect((await post(`/console/accounts/${name}/pause`, { reason: '限流' })).statusCode).toBe(200)
    const response = await post(`/console/accounts/${name}/resume`)
    expect(response.statusCode).toBe(200)
    expect(await findAccount(handle.db, name)).toMatchObject({ paused: false, paused_reason: null, state: 'logged-in' })
    const audit = (await auditOf('account', name)).filter((a) => a.action === 'resume-account')
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      reason: null,
      before: { paused: true, pausedReason: '限流', state: 'limited' },
      after: { paused: false, pausedReason: null, state: 'logged-in' },
    })
  })

  it.each([
    ['no reason', {}, '请填写原因'],
    ['a reason over 100 characters', { reason: '长'.repeat(101) }, '原因最多 100 个字'],
  ])('a pause with %s is refused (400) and changes nothing', async (_name, fields, message) => {
    const name = await account()
    const before = await findAccount(handle.db, name)
    const response = await post(`/console/accounts/${name}/pause`, fields)
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain(message)
    expect(await findAccount(handle.db, name)).toEqual(before)
    expect(await auditOf('account', name)).toEqual([])
  })

  it('an unknown account is a friendly 404, a malformed name a 400; nothing is written', async () => {
    const unknown = await post('/console/accounts/nobody-here/pause', { reason: '测试' })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.body).toContain('没有名为「nobody-here」的账号')
    expect((await post('/console/accounts/nobody-here/resume')).statusCode).toBe(404)
    const malformed = await post(`/console/accounts/${encodeURIComponent('坏 名字')}/pause`, { reason: '测试' })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.body).toContain('账号名格式不对')
    expect(await auditOf('account', 'nobody-here')).toEqual([])
  })

  it('resuming a stopped platform clears the stop and audits the reason it had; a second resume changes nothing', async () => {
    await stopSync(handle.db, 'jd', 'JD 403: permission denied for jd.union.open.order.row.query', new Date())
    const response = await post('/console/platforms/jd/resume')
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('已恢复京东的订单同步')
    expect((await readSyncCursor(handle.db, 'jd'))?.stoppedReason).toBeNull()
    const audit = await auditOf('platform', 'jd')
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      action: 'resume-sync',
      actorContactId: operator.contactId,
      before: { stoppedReason: 'JD 403: permission denied for jd.union.open.order.row.query' },
      after: { stoppedReason: null },
    })
    const again = await post('/console/platforms/jd/resume')
    expect(again.statusCode).toBe(200)
    expect(again.body).toContain('京东的订单同步没有停止，不需要恢复')
    expect(await auditOf('platform', 'jd')).toHaveLength(1)
  })

  it('an unknown platform is refused and nothing changes', async () => {
    await stopSync(handle.db, 'pdd', 'PDD 20031', new Date())
    const response = await post('/console/platforms/ebay/resume')
    expect(response.statusCode).toBe(404)
    expect(response.body).toContain('没有这个平台')
    expect((await readSyncCursor(handle.db, 'pdd'))?.stoppedReason).toBe('PDD 20031')
    expect(await auditOf('platform', 'ebay')).toEqual([])
  })
})
