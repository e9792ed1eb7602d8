import { describe, expect, it } from 'vitest'
import { atLocalTime, localTime, zoneOffsetMs } from '../../../src/groups/local-time.js'

describe(localTime.name, () => {
  it('reads the wall clock in the zone, across the date line of UTC', () => {
    expect(localTime(new Date('2026-11-23T17:30:05Z'), 'Asia/Shanghai')).toEqual({
      year: 2026,
      month: 11,
      day: 24,
      weekday: 2,
      hour: 1,
      minute: 30,
      second: 5,
    })
  })
})

describe(atLocalTime.name, () => {
  it.each([
    ['2026-11-23T03:00:00Z', 9, 0, 'Asia/Shanghai', '2026-11-23T01:00:00.000Z'],
    ['2026-11-23T17:00:00Z', 9, 0, 'Asia/Shanghai', '2026-11-24T01:00:00.000Z'],
    ['2026-11-23T03:00:00Z', 0, 0, 'Asia/Shanghai', '2026-11-22T16:00:00.000Z'],
    ['2026-07-01T12:00:00Z', 9, 30, 'Europe/Berlin', '2026-07-01T07:30:00.000Z'],
  ] as const)('%s → %i:%i in %s → %s', (day, hour, minute, zone, expected) => {
    expect(atLocalTime(new Date(day), hour, minute, zone).toISOString()).toBe(expected)
  })

  it('knows the offset', () => expect(zoneOffsetMs(new Date('2026-11-23T03:00:00.700Z'), 'Asia/Shanghai')).toBe(8 * 3_600_000))
})
