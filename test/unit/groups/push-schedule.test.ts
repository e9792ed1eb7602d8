import { describe, expect, it } from 'vitest'
import { isDue, nextDue, parseScheduleInput } from '../../../src/groups/push-schedule.js'

const TZ = 'Asia/Shanghai'

describe(parseScheduleInput.name, () => {
  it.each([
    ['09:00,12:30,20:00', ['0 9 * * *', '30 12 * * *', '0 20 * * *']],
    ['9:00，12:30 20:00', ['0 9 * * *', '30 12 * * *', '0 20 * * *']],
    ['08：05', ['5 8 * * *']],
    ['09:00,09:00', ['0 9 * * *']],
    ['0 9,21 * * *', ['0 9,21 * * *']],
    ['*/30 9-11 * * 1-5', ['*/30 9-11 * * 1-5']],
    ['0/30  9 * * *', ['0/30 9 * * *']],
  ] as const)('%j → %j', (text, expressions) => {
    expect(parseScheduleInput(text)).toEqual({ ok: true, expressions })
  })

  it.each([
    [''],
    ['25:00'],
    ['09:60'],
    ['9点'],
    ['明天早上'],
    ['* * * * *'],
    ['0 9 * *'],
    ['61 9 * * *'],
    ['0 9 * * 8'],
    ['0 24 * * *'],
    ['0 9 0 * *'],
    ["0 9 * * *; drop table groups"],
    ['0 9 ? * *'],
    ['0 0 9 * * *'],
    ['0-10/5,30 * * * *'],
  ])('%j is refused with a reason', (text) => {
    const result = parseScheduleInput(text)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problem.length).toBeGreaterThan(5)
  })

  it('defers to the injected validator (node-cron in the app)', () => {
    expect(parseScheduleInput('0 9 * * *', () => false).ok).toBe(false)
  })
})

describe('cron matching in Beijing time', () => {
  it.each([
    ['0 9 * * *', '2026-11-23T01:00:00Z', true],
    ['0 9 * * *', '2026-11-23T09:00:00Z', false],
    ['30 12 * * *', '2026-11-23T04:30:00Z', true],
    ['0 9,21 * * *', '2026-11-23T13:00:00Z', true],
    ['0 9 * * 1', '2026-11-23T01:00:00Z', true],
    ['0 9 * * 0', '2026-11-23T01:00:00Z', false],
    ['0 9 * * 7', '2026-11-22T01:00:00Z', true],
    ['0 9 1 * 1', '2026-11-23T01:00:00Z', true],
  ] as const)('%s at %s → %s', (expression, at, due) => {
    expect(isDue([expression], new Date(at), TZ)).toBe(due)
  })

  it('finds the next push time', () => {
    expect(nextDue(['0 9 * * *', '0 20 * * *'], new Date('2026-11-23T02:00:00Z'), TZ)?.toISOString()).toBe('2026-11-23T12:00:00.000Z')
    expect(nextDue(['0 9 28 2 *'], new Date('2026-11-23T02:00:00Z'), TZ)?.toISOString()).toBe('2027-02-28T01:00:00.000Z')
    // The next 29 February is more than a year away.
    expect(nextDue(['0 9 29 2 *'], new Date('2026-11-23T02:00:00Z'), TZ)).toBeUndefined()
  })

  it('reads ranges with steps and lists', () => {
    const due = (minute: number): boolean => isDue(['0-10/5,30 9 * * *'], new Date(Date.UTC(2026, 10, 23, 1, minute)), TZ)
    expect([0, 5, 10, 15, 29, 30, 31].map(due)).toEqual([true, true, true, false, false, true, false])
    // `a/n` steps from a to the end of the field, as before.
    expect(isDue(['0/30 9 * * *'], new Date('2026-11-23T01:30:00Z'), TZ)).toBe(true)
  })

  it('asks about the minute, whatever the second of the tick', () => {
    expect(isDue(['0 9 * * *'], new Date('2026-11-23T01:00:42.500Z'), TZ)).toBe(true)
    expect(nextDue(['0 9 * * *'], new Date('2026-11-23T01:00:42Z'), TZ)?.toISOString()).toBe('2026-11-24T01:00:00.000Z')
    expect(nextDue(['0 9 * * *'], new Date('2026-11-23T00:59:59Z'), TZ)?.toISOString()).toBe('2026-11-23T01:00:00.000Z')
  })

  it('evaluates in the configured time zone', () => {
    expect(isDue(['0 9 * * *'], new Date('2026-11-23T14:00:00Z'), 'Europe/Berlin')).toBe(false)
    expect(isDue(['0 9 * * *'], new Date('2026-11-23T08:00:00Z'), 'Europe/Berlin')).toBe(true)
    // Berlin is on summer time in July: 09:00 there is 07:00 UTC.
    expect(nextDue(['0 9 * * *'], new Date('2026-07-01T12:00:00Z'), 'Europe/Berlin')?.toISOString()).toBe('2026-07-02T07:00:00.000Z')
  })

  it('pushes a time a DST change skips at the first minute after the gap, as the next push time says', () => {
    const zone = 'America/New_York'
    // 2026-03-08: 02:00 EST becomes 03:00 EDT (07:00 UTC); 02:30 never shows on the clock.
    const next = nextDue(['30 2 * * *'], new Date('2026-03-08T05:00:00Z'), zone)
    expect(next?.toISOString()).toBe('2026-03-08T07:00:00.000Z')
    expect(isDue(['30 2 * * *'], new Date('2026-03-08T07:00:00Z'), zone)).toBe(true)
    expect(isDue(['30 2 * * *'], new Date('2026-03-08T07:01:00Z'), zone)).toBe(false)
    expect(isDue(['30 4 * * *'], new Date('2026-03-08T07:00:00Z'), zone)).toBe(false)
    expect(isDue(['30 2 * * *'], new Date('2026-03-09T06:30:00Z'), zone)).toBe(true)
  })

  it('ignores an invalid stored expression instead of failing the tick', () => {
    expect(isDue(['not cron', '0 9 * * *'], new Date('2026-11-23T01:00:00Z'), TZ)).toBe(true)
    expect(nextDue(['not cron'], new Date('2026-11-23T01:00:00Z'), TZ)).toBeUndefined()
  })
})
