import { describe, expect, it } from 'vitest'
import { beijingDay, decideSend, parseQuietHours, quietUntilMs, type SendDecision, type SendPolicyInput } from '../../../src/outbox/send-policy.js'
import type { OutboxKind } from '../../../src/queue/payloads.js'

/** 'yyyy-MM-dd HH:mm[:ss.SSS]' read as Beijing time → ms epoch. */
const bj = (text: string): number => Date.parse(`${text.replace(' ', 'T')}+08:00`)

const NOON = bj('2025-03-01 12:00')
const SECOND = 1_000
const MINUTE = 60_000

const base: SendPolicyInput = {
  kind: 'notification',
  nowMs: NOON,
  lastSentAtMs: undefined,
  lastSentToConversationMs: undefined,
  pushesToday: 0,
  minGapMs: 2 * SECOND,
  jitterMs: 1 * SECOND,
  random: () => 0.5,
  minRoomGapMs: 0,
  dailyCap: undefined,
  quietHours: undefined,
  quietMode: 'defer',
}

const SEND: SendDecision = { action: 'send' }
const wait = (untilMs: number, reason: 'account-gap' | 'room-gap' | 'quiet-hours'): SendDecision => ({ action: 'wait', untilMs, reason })
const drop = (reason: 'daily-cap' | 'quiet-hours'): SendDecision => ({ action: 'drop', reason })

const check = (cases: readonly (readonly [string, Partial<SendPolicyInput>, SendDecision])[]): void => {
  it.each(cases)('%s', (_name, overrides, expected) => {
    expect(decideSend({ ...base, ...overrides })).toEqual(expected)
  })
}

describe(decideSend.name, () => {
  describe('defaults behave like plain account pacing', () => {
    check([
      ['first send goes at once', {}, SEND],
      ['right after a send: min gap + random·jitter', { lastSentAtMs: NOON }, wait(NOON + 2_500, 'account-gap')],
      ['part of the gap passed', { lastSentAtMs: NOON - 2_000 }, wait(NOON + 500, 'account-gap')],
      ['gap passed', { lastSentAtMs: NOON - 2_500 }, SEND],
      ['a remembered room send is ignored while minRoomGapMs is 0', { lastSentToConversationMs: NOON }, SEND],
      ['a huge day count is ignored without a cap', { kind: 'push', pushesToday: 1_000_000 }, SEND],
    ])
  })

  describe('per-conversation gap', () => {
    const room = { minRoomGapMs: MINUTE }
    check([
      ['never sent to this room', { ...room }, SEND],
      ['just sent to this room: one room gap', { ...room, lastSentToConversationMs: NOON, lastSentAtMs: NOON }, wait(NOON + MINUTE, 'room-gap')],
      ['room gap partly passed', { ...room, lastSentToConversationMs: NOON - 45 * SECOND }, wait(NOON + 15 * SECOND, 'room-gap')],
      ['1 ms short of the room gap', { ...room, lastSentToConversationMs: NOON - MINUTE + 1 }, wait(NOON + 1, 'room-gap')],
      ['exactly the room gap passed', { ...room, lastSentToConversationMs: NOON - MINUTE }, SEND],
      ['room free but the account gap is not', { ...room, lastSentToConversationMs: NOON - 2 * MINUTE, lastSentAtMs: NOON - SECOND }, wait(NOON + 1_500, 'account-gap')],
      ['room gap ending within the account gap: wait for the account gap', { minRoomGapMs: SECOND, lastSentToConversationMs: NOON, lastSentAtMs: NOON }, wait(NOON + 2_500, 'account-gap')],
      ['room gap ending with the account gap: the account gap', { minRoomGapMs: 2_500, lastSentToConversationMs: NOON, lastSentAtMs: NOON }, wait(NOON + 2_500, 'account-gap')],
      ['room gap ending 1 ms after the account gap: the room gap', { minRoomGapMs: 2_501, lastSentToConversationMs: NOON, lastSentAtMs: NOON }, wait(NOON + 2_501, 'room-gap')],
      ['clock went backwards: one room gap, not more', { ...room, lastSentToConversationMs: NOON + 10 * MINUTE }, wait(NOON + MINUTE, 'room-gap')],
      ['applies to replies', { ...room, kind: 'reply', lastSentToConversationMs: NOON }, wait(NOON + MINUTE, 'room-gap')],
      ['applies to pushes', { ...room, kind: 'push', lastSentToConversationMs: NOON }, wait(NOON + MINUTE, 'room-gap')],
    ])
  })

  describe('daily cap', () => {
    const capped = { dailyCap: 100 }
    check([
      ['push below the cap', { ...capped, kind: 'push', pushesToday: 99 }, SEND],
      ['push at the cap is dropped', { ...capped, kind: 'push', pushesToday: 100 }, drop('daily-cap')],
      ['push past the cap is dropped', { ...capped, kind: 'push', pushesToday: 250 }, drop('daily-cap')],
      ['cap 0 drops every push', { dailyCap: 0, kind: 'push', pushesToday: 0 }, drop('daily-cap')],
      ['reply at the cap still goes', { ...capped, kind: 'reply', pushesToday: 100 }, SEND],
      ['notification past the cap still goes', { ...capped, kind: 'notification', pushesToday: 500 }, SEND],
      ['notification past the cap is still paced', { ...capped, pushesToday: 500, lastSentAtMs: NOON }, wait(NOON + 2_500, 'account-gap')],
      ['reply past the cap still keeps the room gap', { ...capped, kind: 'reply', pushesToday: 500, minRoomGapMs: MINUTE, lastSentToConversationMs: NOON }, wait(NOON + MINUTE, 'room-gap')],
      ['a capped push is dropped rather than made to wait for its room', { ...capped, kind: 'push', pushesToday: 100, minRoomGapMs: MINUTE, lastSentToConversationMs: NOON }, drop('daily-cap')],
      ['push below the cap still waits for its room', { ...capped, kind: 'push', pushesToday: 1, minRoomGapMs: MINUTE, lastSentToConversationMs: NOON }, wait(NOON + MINUTE, 'room-gap')],
    ])
  })

  describe('pictures following a sent copy: part of that push', () => {
    const quiet = { quietHours: { start: '11:00', end: '13:00' } }
    check([
      ['no room gap after their copy', { kind: 'push', following: true, minRoomGapMs: MINUTE, lastSentToConversationMs: NOON }, SEND],
      ['the account gap still holds', { kind: 'push', following: true, lastSentAtMs: NOON }, wait(NOON + 2_500, 'account-gap')],
      ['not held by quiet hours (the copy went)', { kind: 'push', following: true, ...quiet }, SEND],
      ['not dropped by quiet hours in drop mode', { kind: 'push', following: true, ...quiet, quietMode: 'drop' }, SEND],
      ['not dropped by the daily cap', { kind: 'push', following: true, dailyCap: 3, pushesToday: 3 }, SEND],
      ['an ordinary push at the cap is dropped', { kind: 'push', dailyCap: 3, pushesToday: 3 }, drop('daily-cap')],
      ['an ordinary push waits the room gap', { kind: 'push', minRoomGapMs: MINUTE, lastSentToConversationMs: NOON }, wait(NOON + MINUTE, 'room-gap')],
    ])
  })

  describe('quiet hours that wrap midnight (22:00–08:00 Beijing)', () => {
    const night = { kind: 'push' as const, quietHours: { start: '22:00', end: '08:00' } }
    const at = (time: string): Partial<SendPolicyInput> => ({ ...night, nowMs: bj(time) })
    check([
      ['21:59:59.999 is not quiet', at('2025-03-01 21:59:59.999'), SEND],
      ['22:00 starts the quiet period: deferred to 08:00 next day', at('2025-03-01 22:00'), wait(bj('2025-03-02 08:00'), 'quiet-hours')],
      ['23:30 → 08:00 next day', at('2025-03-01 23:30'), wait(bj('2025-03-02 08:00'), 'quiet-hours')],
      ['00:00 → 08:00 the same day', at('2025-03-02 00:00'), wait(bj('2025-03-02 08:00'), 'quiet-hours')],
      ['03:17:42 → 08:00', at('2025-03-02 03:17:42'), wait(bj('2025-03-02 08:00'), 'quiet-hours')],
      ['07:59:59.999 → 08:00, 1 ms later', at('2025-03-02 07:59:59.999'), wait(bj('2025-03-02 08:00'), 'quiet-hours')],
      ['08:00 ends it (end is exclusive)', at('2025-03-02 08:00'), SEND],
      ['across a month end', at('2025-02-28 23:00'), wait(bj('2025-03-01 08:00'), 'quiet-hours')],
      ['drop mode drops the push', { ...at('2025-03-01 23:30'), quietMode: 'drop' }, drop('quiet-hours')],
      ['drop mode outside the window sends', { ...at('2025-03-01 12:00'), quietMode: 'drop' }, SEND],
      ['reply is not affected', { ...at('2025-03-01 23:30'), kind: 'reply' }, SEND],
      ['notification is not affected', { ...at('2025-03-01 23:30'), kind: 'notification', quietMode: 'drop' }, SEND],
      ['deferred, not dropped, when over the cap (counted on the day it is sent)', { ...at('2025-03-01 23:30'), dailyCap: 10, pushesToday: 10 }, wait(bj('2025-03-02 08:00'), 'quiet-hours')],
      ['quiet hours come before the room gap', { ...at('2025-03-01 23:30'), minRoomGapMs: MINUTE, lastSentToConversationMs: bj('2025-03-01 23:30') }, wait(bj('2025-03-02 08:00'), 'quiet-hours')],
    ])
  })

  describe('quiet hours within one day (12:30–14:00 Beijing)', () => {
    const lunch = { kind: 'push' as const, quietHours: { start: '12:30', end: '14:00' } }
    const at = (time: string): Partial<SendPolicyInput> => ({ ...lunch, nowMs: bj(time) })
    check([
      ['00:00 is not quiet', at('2025-03-01 00:00'), SEND],
      ['12:29:59 is not quiet', at('2025-03-01 12:29:59'), SEND],
      ['12:30 → 14:00', at('2025-03-01 12:30'), wait(bj('2025-03-01 14:00'), 'quiet-hours')],
      ['13:59:30 → 14:00', at('2025-03-01 13:59:30'), wait(bj('2025-03-01 14:00'), 'quiet-hours')],
      ['14:00 is not quiet', at('2025-03-01 14:00'), SEND],
      ['23:59 is not quiet', at('2025-03-01 23:59'), SEND],
      ['drop mode', { ...at('2025-03-01 13:00'), quietMode: 'drop' }, drop('quiet-hours')],
    ])
  })

  describe('every kind against every rule', () => {
    const rules: readonly (readonly [string, Partial<SendPolicyInput>, Record<OutboxKind, SendDecision>])[] = [
      ['quiet, defer', { nowMs: bj('2025-03-01 23:00'), quietHours: { start: '23:00', end: '07:00' } }, { reply: SEND, notification: SEND, push: wait(bj('2025-03-02 07:00'), 'quiet-hours') }],
      ['quiet, drop', { nowMs: bj('2025-03-01 23:00'), quietHours: { start: '23:00', end: '07:00' }, quietMode: 'drop' }, { reply: SEND, notification: SEND, push: drop('quiet-hours') }],
      ['over the cap', { dailyCap: 5, pushesToday: 5 }, { reply: SEND, notification: SEND, push: drop('daily-cap') }],
      ['room gap', { minRoomGapMs: MINUTE, lastSentToConversationMs: NOON }, { reply: wait(NOON + MINUTE, 'room-gap'), notification: wait(NOON + MINUTE, 'room-gap'), push: wait(NOON + MINUTE, 'room-gap') }],
    ]
    for (const [rule, overrides, byKind] of rules) {
      it.each(['reply', 'notification', 'push'] as const)(`${rule}: %s`, (kind) => {
        expect(decideSend({ ...base, ...overrides, kind })).toEqual(byKind[kind])
      })
    }
  })

  it('draws random() at most once, and not for a push held back by quiet hours or the cap', () => {
    const cases: readonly (readonly [Partial<SendPolicyInput>, number])[] = [
      [{}, 0],
      [{ lastSentAtMs: NOON }, 1],
      [{ kind: 'push', dailyCap: 0, lastSentAtMs: NOON }, 0],
      [{ minRoomGapMs: MINUTE, lastSentToConversationMs: NOON, lastSentAtMs: NOON }, 1],
      [{ kind: 'push', quietHours: { start: '11:00', end: '13:00' }, lastSentAtMs: NOON }, 0],
    ]
    for (const [overrides, draws] of cases) {
      let calls = 0
      decideSend({ ...base, ...overrides, random: () => (calls++, 0.5) })
      expect(calls).toBe(draws)
    }
  })
})

describe(quietUntilMs.name, () => {
  it('reads the window in Beijing time whatever the instant, not UTC', () => {
    // 15:00 UTC is 23:00 in Beijing (quiet); 02:00 UTC is 10:00 in Beijing (not quiet, though it is in UTC).
    expect(quietUntilMs({ start: '22:00', end: '08:00' }, Date.parse('2025-03-01T15:00:00Z'))).toBe(Date.parse('2025-03-02T00:00:00Z'))
    expect(quietUntilMs({ start: '22:00', end: '08:00' }, Date.parse('2025-03-01T02:00:00Z'))).toBeUndefined()
  })

  it('defers to the end minute exactly, whatever the seconds of now', () => {
    expect(quietUntilMs({ start: '00:00', end: '00:01' }, bj('2025-03-01 00:00:33.250'))).toBe(bj('2025-03-01 00:01'))
  })

  it('covers all but the end minute with 00:01–00:00', () => {
    expect(quietUntilMs({ start: '00:01', end: '00:00' }, bj('2025-03-01 12:00'))).toBe(bj('2025-03-02 00:00'))
    expect(quietUntilMs({ start: '00:01', end: '00:00' }, bj('2025-03-02 00:00:30'))).toBeUndefined()
  })
})

describe(beijingDay.name, () => {
  it.each([
    ['Beijing midnight to 23:59:59.999 is one day (it spans two UTC days)', '2025-03-01 00:00', '2025-03-01 23:59:59.999', true],
    ['Beijing midnight starts a new day', '2025-03-01 23:59:59.999', '2025-03-02 00:00', false],
    ['a year boundary', '2024-12-31 23:00', '2025-01-01 01:00', false],
  ] as const)('%s', (_name, a, b, same) => {
    expect(beijingDay(bj(a)) === beijingDay(bj(b))).toBe(same)
  })

  it('changes at 16:00 UTC', () => {
    expect(beijingDay(Date.parse('2025-03-01T15:59:59.999Z'))).toBe(beijingDay(Date.parse('2025-03-01T00:00:00Z')))
    expect(beijingDay(Date.parse('2025-03-01T16:00:00Z'))).toBe(beijingDay(Date.parse('2025-03-01T00:00:00Z')) + 1)
  })
})

describe(parseQuietHours.name, () => {
  it.each([
    ['a wrapping window', { start: '22:30', end: '08:00' }],
    ['a same-day window', { start: '00:00', end: '23:59' }],
  ])('accepts %s', (_name, value) => {
    expect(parseQuietHours(value)).toEqual(value)
  })

  it.each([
    ['hour 24', { start: '24:00', end: '08:00' }],
    ['one-digit hour', { start: '7:00', end: '08:00' }],
    ['minute 60', { start: '22:00', end: '08:60' }],
    ['seconds', { start: '22:00:00', end: '08:00' }],
    ['missing end', { start: '22:00' }],
    ['empty window', { start: '08:00', end: '08:00' }],
    ['not an object', '22:00-08:00'],
  ])('rejects %s with RangeError', (_name, value) => {
    expect(() => parseQuietHours(value)).toThrow(RangeError)
  })
})
