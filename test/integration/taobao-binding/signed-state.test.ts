import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { sharedSecret } from '../../../src/security/signed-state.repository.js'
import { consumeState, createSignedState, peekState } from '../../../src/security/signed-state.service.js'
import { newUser } from '../../support/order-factory.js'
import { openTestDatabase, preferredBackend } from '../../support/test-databases.js'

describe('signed one-time states', () => {
  let handle: DatabaseHandle
  let userId: string
  beforeAll(async () => {
    handle = await openTestDatabase(preferredBackend())
    userId = (await newUser(handle.db, 'state-owner')).id
  })
  afterAll(async () => {
    await handle.close()
  })

  it('gives the user back exactly once; a replay is refused as used', async () => {
    const state = await createSignedState(handle.db, userId, 'taobao-bind')
    expect(state).toMatch(/^[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{43}$/)
    expect(await peekState(handle.db, state, 'taobao-bind')).toEqual({ ok: true, userId })
    expect(await consumeState(handle.db, state, 'taobao-bind')).toEqual({ ok: true, userId })
    expect(await consumeState(handle.db, state, 'taobao-bind')).toEqual({ ok: false, reason: 'used' })
    expect(await peekState(handle.db, state, 'taobao-bind')).toEqual({ ok: false, reason: 'used' })
  })

  it('lets only one of two concurrent consumers win', async () => {
    const state = await createSignedState(handle.db, userId, 'taobao-bind')
    const results = await Promise.all([1, 2, 3, 4].map(() => consumeState(handle.db, state, 'taobao-bind')))
    expect(results.filter((result) => result.ok)).toHaveLength(1)
    expect(results.filter((result) => !result.ok && result.reason === 'used')).toHaveLength(3)
  })

  it('refuses an expired state, peeked or consumed, and does not use it up', async () => {
    const state = await createSignedState(handle.db, userId, 'taobao-bind', -1000)
    expect(await peekState(handle.db, state, 'taobao-bind')).toEqual({ ok: false, reason: 'expired' })
    expect(await consumeState(handle.db, state, 'taobao-bind')).toEqual({ ok: false, reason: 'expired' })
    const row = await handle.db.selectFrom('signed_states').select('used_at').where('nonce', '=', state.split('.')[0] ?? '').executeTakeFirstOrThrow()
    expect(row.used_at).toBeNull()
  })

  it('refuses a forged signature, a tampered nonce and garbage as forged, without touching the stored state', async () => {
    const state = await createSignedState(handle.db, userId, 'taobao-bind')
    const [nonce = '', signature = ''] = state.split('.')
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`
    const otherNonce = `${nonce.slice(0, -1)}${nonce.endsWith('A') ? 'B' : 'A'}`
    for (const forged of [`${nonce}.${flipped}`, `${otherNonce}.${signature}`, 'not-a-state', '', `${state}x`, `${nonce}.`]) {
      expect(await consumeState(handle.db, forged, 'taobao-bind'), forged).toEqual({ ok: false, reason: 'forged' })
    }
    expect(await consumeState(handle.db, state, 'taobao-bind')).toEqual({ ok: true, userId })
  })

  it('refuses a state made for another purpose as forged and leaves it usable for its own', async () => {
    const state = await createSignedState(handle.db, userId, 'pdd-authorize')
    expect(await consumeState(handle.db, state, 'taobao-bind')).toEqual({ ok: false, reason: 'forged' })
    expect(await peekState(handle.db, state, 'taobao-bind')).toEqual({ ok: false, reason: 'forged' })
    expect(await consumeState(handle.db, state, 'pdd-authorize')).toEqual({ ok: true, userId })
  })

  it('shares one secret across processes: the first stored value wins', async () => {
    const rows = await handle.db.selectFrom('app_secrets').selectAll().where('name', 'like', 'signed-state%').execute()
    expect(rows).toHaveLength(1)
    const first = rows[0]?.value ?? ''
    expect(first.length).toBeGreaterThanOrEqual(43)
    // Another process starting with its own candidate reads the stored one.
    expect(await sharedSecret(handle.db, rows[0]?.name ?? '', 'another-process-candidate')).toBe(first)
  })
})
