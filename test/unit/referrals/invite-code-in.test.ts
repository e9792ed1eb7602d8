import { describe, expect, it } from 'vitest'
import { inviteCodeIn } from '../../../src/referrals/referral-rules.js'

describe(inviteCodeIn.name, () => {
  it.each([
    ['我是小明 K7M2QX', 'K7M2QX'],
    ['邀请码：k7m2qx', 'K7M2QX'],
    ['K7M2QX', 'K7M2QX'],
    ['我是小明', undefined],
    ['', undefined],
    ['hello world', undefined],
  ] as const)('%j → %s', (hello, code) => expect(inviteCodeIn(hello)).toBe(code))
})
