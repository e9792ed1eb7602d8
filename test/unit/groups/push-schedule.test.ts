import { describe, expect, it } from 'vitest'
import { parseCron } from '../../../src/groups/cron-expression.js'
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

  it('parses ranges with steps and lists', () => {
    expect([...(parseCron('0-10/5,30 * * * *')?.minutes ?? [])]).toEqual([0, 5, 10, 30])
  })
})
