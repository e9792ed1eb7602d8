import { describe, expect, it } from 'vitest'
import { bindRefusal, newInviteCode, normalizeInviteCode, type BindFacts } from '../../../src/referrals/referral-rules.js'

const base: BindFacts = { userId: 'u', currentInviterId: null, inviterId: 'i', inviterUpline: [], userHasOrders: false, onlyBeforeFirstOrder: true }

describe(bindRefusal.name, () => {
  it.each([
    ['a fresh user binds', {}, undefined],
    ['self-invite', { inviterId: 'u' }, 'self'],
    ['already bound to someone', { currentInviterId: 'x' }, 'already-bound'],
    ['rebinding to the same inviter', { currentInviterId: 'i' }, 'already-bound'],
    ['inviting your own inviter (2-cycle)', { inviterUpline: ['u'] }, 'cycle'],
    ['a longer cycle', { inviterUpline: ['a', 'b', 'u'] }, 'cycle'],
    ['after the first order', { userHasOrders: true }, 'has-orders'],
    ['after the first order when configured to allow it', { userHasOrders: true, onlyBeforeFirstOrder: false }, undefined],
    ['self wins over other reasons', { inviterId: 'u', currentInviterId: 'x' }, 'self'],
  ] as const)('%s', (_name, patch, expected) => {
    expect(bindRefusal({ ...base, ...patch })).toBe(expected)
  })
})

describe(normalizeInviteCode.name, () => {
  it.each([
    ['K7M2QX', 'K7M2QX'],
    [' k7m2qx ', 'K7M2QX'],
    ['K7M 2QX', 'K7M2QX'],
    ['K7M2Q', undefined],
    ['K7M2QXX', undefined],
    ['K0M2QX', undefined],
    ['K1M2QX', undefined],
    ["'; --", undefined],
    ['', undefined],
  ] as const)('%j → %s', (text, expected) => expect(normalizeInviteCode(text)).toBe(expected))

  it('accepts every code it makes', () => {
    for (let i = 0; i < 200; i++) {
      const code = newInviteCode()
      expect(normalizeInviteCode(code)).toBe(code)
    }
  })
})
