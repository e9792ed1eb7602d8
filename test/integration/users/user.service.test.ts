import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { ensureUser } from '../../../src/users/user.service.js'
import { availableBackends, openTestDatabase } from '../../support/test-databases.js'

describe.each(availableBackends())(`${ensureUser.name} on %s`, (backend) => {
  let handle: DatabaseHandle
  beforeAll(async () => {
    handle = await openTestDatabase(backend)
  })
  afterAll(async () => {
    await handle.close()
  })

  it('creates one user per contact with a stable attribution id', async () => {
    const contactId = `wx-${randomUUID()}`
    const first = await ensureUser(handle.db, { contactId, displayName: '小明' })
    const again = await ensureUser(handle.db, { contactId, displayName: '小明' })
    expect(again.id).toBe(first.id)
    expect(first.attribution_id).toMatch(/^rb[a-z2-9]{10}$/)
    expect(again.attribution_id).toBe(first.attribution_id)
  })

  it('refreshes the display name without changing the attribution id', async () => {
    const contactId = `wx-${randomUUID()}`
    const first = await ensureUser(handle.db, { contactId, displayName: '旧名字' })
    const renamed = await ensureUser(handle.db, { contactId, displayName: '新名字' })
    expect(renamed.display_name).toBe('新名字')
    expect(renamed.attribution_id).toBe(first.attribution_id)
  })

  it('creates exactly one row when the same new contact writes concurrently', async () => {
    const contactId = `wx-${randomUUID()}`
    const users = await Promise.all(Array.from({ length: 8 }, () => ensureUser(handle.db, { contactId, displayName: 'x' })))
    expect(new Set(users.map((u) => u.id)).size).toBe(1)
    const rows = await handle.db.selectFrom('users').select('id').where('contact_id', '=', contactId).execute()
    expect(rows).toHaveLength(1)
  })

  it('stores text that looks like SQL as plain text', async () => {
    const contactId = `wx-${randomUUID()}`
    const name = "Robert'); DROP TABLE users;--"
    const user = await ensureUser(handle.db, { contactId, displayName: name })
    expect(user.display_name).toBe(name)
  })

  it('shortens a long name by whole characters: an emoji on the cut is kept or dropped, never halved', async () => {
    const contactId = `wx-${randomUUID()}`
    const name = `${'名'.repeat(63)}😀😀`
    const user = await ensureUser(handle.db, { contactId, displayName: name })
    expect(user.display_name).toBe(`${'名'.repeat(63)}😀`)
    // The same name next time is the same stored name (a halved emoji came back as U+FFFD and was rewritten every message).
    const again = await ensureUser(handle.db, { contactId, displayName: name })
    expect(again.updated_at.getTime()).toBe(user.updated_at.getTime())
  })
})
