import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accountFor, recordConversation } from '../../../src/accounts/account.service.js'
import { writeAccountState } from '../../../src/accounts/account.repository.js'
import { chatDeps } from '../../../src/chat/chat-deps.js'
import { handleChat, type ChatDeps } from '../../../src/chat/chat.service.js'
import { loadConfig } from '../../../src/config.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { availableBackends, openTestDatabase } from '../../support/test-databases.js'

const unique = (): string => randomUUID().slice(0, 8)
const name = (label: string): string => `${label}-${unique()}`

describe.each(availableBackends())('which account serves a contact or group, on %s', (backend) => {
  let handle: DatabaseHandle
  beforeAll(async () => {
    handle = await openTestDatabase(backend)
  })
  afterAll(async () => {
    await handle.close()
  })

  const heartbeat = (account: string, state: 'logged-in' | 'logged-out' | 'limited') =>
    writeAccountState(handle.db, { name: account, state, stateReason: null, sentDay: '2026-12-06', sentToday: {}, backlog: 0 })
  const age = (account: string, conversationId: string, minutes: number) =>
    handle.db
      .updateTable('account_contacts')
      .set({ last_seen_at: sql<Date>`now() - ${minutes} * interval '1 minute'` })
      .where('account', '=', account)
      .where('conversation_id', '=', conversationId)
      .execute()

  it('a group belongs to the first account that saw it; a second account never takes it', async () => {
    const [a, b, room] = [name('a'), name('b'), `${unique()}@chatroom`]
    await recordConversation(handle.db, a, room, true)
    await recordConversation(handle.db, b, room, true)
    await age(a, room, 60)
    await recordConversation(handle.db, b, room, true)
    expect(await accountFor(handle.db, room)).toBe(a)
    // Even when its owner is in trouble: a second account in the same group is what must never happen.
    await heartbeat(a, 'limited')
    expect(await accountFor(handle.db, room)).toBe(a)
    const rows = await handle.db.selectFrom('account_contacts').select('account').where('conversation_id', '=', room).execute()
    expect(rows.map((r) => r.account)).toEqual([a])
    expect(await accountFor(handle.db, room, { except: a })).toBeUndefined()
  })

  it('a contact goes through the most recently seen account that can send, else the most recent', async () => {
    const [a, b, contact] = [name('a'), name('b'), `wxid_${unique()}`]
    expect(await accountFor(handle.db, contact)).toBeUndefined()
    await recordConversation(handle.db, a, contact, false)
    await recordConversation(handle.db, b, contact, false)
    await age(a, contact, 30)
    await age(b, contact, 60)
    expect(await accountFor(handle.db, contact)).toBe(a)
    await heartbeat(a, 'logged-out')
    await heartbeat(b, 'logged-in')
    expect(await accountFor(handle.db, contact)).toBe(b)
    await heartbeat(b, 'limited')
    // Both in trouble: the most recent one still knows the person best.
    expect(await accountFor(handle.db, contact)).toBe(a)
    expect(await accountFor(handle.db, contact, { except: a })).toBe(b)
  })

  it('records a conversation again only when the last record is old (no write per message)', async () => {
    const [a, contact] = [name('a'), `wxid_${unique()}`]
    await recordConversation(handle.db, a, contact, false)
    const seen = async () =>
      (await handle.db.selectFrom('account_contacts').select('last_seen_at').where('account', '=', a).where('conversation_id', '=', contact).executeTakeFirstOrThrow())
        .last_seen_at
    const first = await seen()
    await new Promise((resolve) => setTimeout(resolve, 20))
    await recordConversation(handle.db, a, contact, false)
    expect((await seen()).getTime()).toBe(first.getTime())
    await age(a, contact, 60)
    const aged = await seen()
    await recordConversation(handle.db, a, contact, false)
    expect((await seen()).getTime()).toBeGreaterThan(aged.getTime())

    // Cheap enough to run per inbound message (measured: about 0.5 ms on PostgreSQL, 1.6 ms on PGlite); bounded loosely for a busy machine.
    const rounds = 200
    const started = performance.now()
    for (let i = 0; i < rounds; i++) await recordConversation(handle.db, a, contact, false)
    const perCallMs = (performance.now() - started) / rounds
    expect(perCallMs).toBeLessThan(25)
  })

  it('a contact who talks to two accounts is one user', async () => {
    const [a, b, contact] = [name('a'), name('b'), `wxid_${unique()}`]
    const deps: ChatDeps = chatDeps(loadConfig({ REDIS_URL: 'redis://127.0.0.1:1' }), {
      db: handle.db,
      platforms: {} as ChatDeps['platforms'],
      push: async () => undefined,
      queuePictures: async () => undefined,
      validateCron: () => false,
    })
    // What each account's bot does with an inbound message: note the conversation, then answer it.
    await recordConversation(handle.db, a, contact, false)
    const throughA = await handleChat(deps, { contactId: contact, displayName: '小王', text: '邀请' })
    await recordConversation(handle.db, b, contact, false)
    const throughB = await handleChat(deps, { contactId: contact, displayName: '小王', text: '邀请' })
    expect(throughB).toBe(throughA)
    const users = await handle.db.selectFrom('users').select('id').where('contact_id', '=', contact).execute()
    expect(users).toHaveLength(1)
  })
})
