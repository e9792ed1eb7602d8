import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAudit, recordAudit } from '../../../src/audit/audit.repository.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { newUser } from '../../support/order-factory.js'
import { availableBackends, openTestDatabase } from '../../support/test-databases.js'

describe.each(availableBackends())('audit log on %s', (backend) => {
  let handle: DatabaseHandle
  let operatorId: string
  beforeAll(async () => {
    handle = await openTestDatabase(backend)
    operatorId = (await newUser(handle.db, `audit-operator-${backend}`)).id
  })
  afterAll(async () => {
    await handle.close()
  })

  it('keeps who, what, when and before → after, newest first, per target', async () => {
    const target = { kind: 'withdrawal', id: `w-${Date.now()}` }
    const actor = { userId: operatorId, contactId: 'wxid_operator' }
    await recordAudit(handle.db, { actor, action: 'approve-withdrawal', target, before: { status: 'pending' }, after: { status: 'approved' } })
    await recordAudit(handle.db, { actor, action: 'note', target, reason: '核对过了' })
    const rows = await listAudit(handle.db, { limit: 10, target })
    expect(rows.map((row) => row.action)).toEqual(['note', 'approve-withdrawal'])
    expect(rows[1]).toMatchObject({ actorUserId: operatorId, actorContactId: 'wxid_operator', before: { status: 'pending' }, after: { status: 'approved' }, reason: null })
    expect(rows[0]).toMatchObject({ before: null, after: null, reason: '核对过了' })
    expect(rows[0]?.at).toBeInstanceOf(Date)
  })

  it('refuses to change or delete a recorded row', async () => {
    const target = { kind: 'account', id: `a-${Date.now()}` }
    await recordAudit(handle.db, { actor: { userId: operatorId, contactId: 'wxid_operator' }, action: 'pause-account', target })
    await expect(sql`update audit_log set action = 'resume-account' where target_id = ${target.id}`.execute(handle.db)).rejects.toThrow(/append-only/)
    await expect(sql`delete from audit_log where target_id = ${target.id}`.execute(handle.db)).rejects.toThrow(/append-only/)
    expect((await listAudit(handle.db, { limit: 5, target })).map((row) => row.action)).toEqual(['pause-account'])
  })
})
