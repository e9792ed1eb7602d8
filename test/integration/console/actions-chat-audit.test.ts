import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeAccountState } from '../../../src/accounts/account.repository.js'
import { beijingDate } from '../../../src/accounts/beijing-date.js'
import { listAudit } from '../../../src/audit/audit.repository.js'
import { chatDeps } from '../../../src/chat/chat-deps.js'
import { handleChat, type ChatDeps } from '../../../src/chat/chat.service.js'
import { loadConfig } from '../../../src/config.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { stopSync } from '../../../src/orders/sync-cursor.repository.js'
import { findUserByContactId } from '../../../src/users/user.repository.js'
import { requestWithdrawal } from '../../../src/withdrawals/withdrawal.service.js'
import { fundForTest, newUser } from '../../support/order-factory.js'
import { openPrivateDatabase, preferredBackend } from '../../support/test-databases.js'

/** The chat's operator commands leave the same audit rows as the console's buttons, with the operator as actor. */
describe(`operator chat commands are audited, on ${preferredBackend()}`, () => {
  let handle: DatabaseHandle
  let deps: ChatDeps
  const operator = `op-${randomUUID()}`
  beforeAll(async () => {
    handle = await openPrivateDatabase(preferredBackend())
    deps = chatDeps(loadConfig({ OPERATOR_IDS: operator, REDIS_URL: 'redis://127.0.0.1:1' }), {
      db: handle.db,
      platforms: {} as ChatDeps['platforms'],
      push: async () => undefined,
      queuePictures: async () => undefined,
      validateCron: () => false,
    })
  })
  afterAll(async () => {
    await handle.close()
  })

  const say = (text: string) => handleChat(deps, { contactId: operator, displayName: '管理员', text })
  const auditOf = (kind: string, id: string) => listAudit(handle.db, { limit: 10, target: { kind, id } })
  const actor = async () => ({ actorContactId: operator, actorUserId: (await findUserByContactId(handle.db, operator))?.id ?? null })

  async function pendingRequest(): Promise<string> {
    const user = await newUser(handle.db)
    await fundForTest(handle.db, user, 5000)
    const outcome = await requestWithdrawal({ db: handle.db, minimumFen: 100, dailyLimit: 10 }, { contactId: user.contact_id, displayName: user.display_name }, 1000)
    if (outcome.kind !== 'requested') throw new Error(outcome.kind)
    return outcome.id
  }

  it('「通过」 writes one approve-withdrawal row; a repeat writes none', async () => {
    const id = await pendingRequest()
    expect(await say(`通过 ${id}`)).toContain(id)
    expect(await say(`通过 ${id}`)).toContain(id)
    const audit = await auditOf('withdrawal', id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'approve-withdrawal', ...(await actor()), before: { status: 'pending' }, after: { status: 'paying' } })
  })

  it('「拒绝」 writes one reject-withdrawal row with the reason', async () => {
    const id = await pendingRequest()
    await say(`拒绝 ${id} 信息不符`)
    const audit = await auditOf('withdrawal', id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'reject-withdrawal', reason: '信息不符', ...(await actor()), after: { status: 'rejected' } })
  })

  it('「暂停账号」 and 「恢复账号」 write a row each', async () => {
    const name = `acct-${randomUUID().slice(0, 8)}`
    await writeAccountState(handle.db, { name, state: 'logged-in', stateReason: null, sentDay: beijingDate(Date.now()), sentToday: {}, backlog: 0 })
    await say(`暂停账号 ${name} 养号`)
    await say(`恢复账号 ${name}`)
    const audit = await auditOf('account', name)
    expect(audit.map((a) => a.action)).toEqual(['resume-account', 'pause-account'])
    expect(audit[1]).toMatchObject({ reason: '养号', ...(await actor()), before: { paused: false }, after: { paused: true, pausedReason: '养号' } })
  })

  it('「恢复同步」 writes a row per platform it resumed', async () => {
    await stopSync(handle.db, 'taobao', 'invalid session', new Date())
    await stopSync(handle.db, 'pdd', 'PDD 20031', new Date())
    expect(await say('恢复同步')).toContain('已恢复订单同步')
    expect(await auditOf('platform', 'taobao')).toMatchObject([{ action: 'resume-sync', before: { stoppedReason: 'invalid session' }, after: { stoppedReason: null } }])
    expect(await auditOf('platform', 'pdd')).toMatchObject([{ action: 'resume-sync', before: { stoppedReason: 'PDD 20031' } }])
    expect(await auditOf('platform', 'jd')).toEqual([])
  })

  it('a non-operator sending 「通过」 changes nothing and writes nothing', async () => {
    const id = await pendingRequest()
    await handleChat(deps, { contactId: `someone-${randomUUID()}`, displayName: '路人', text: `通过 ${id}` })
    expect(await auditOf('withdrawal', id)).toEqual([])
  })
})
