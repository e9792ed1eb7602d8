import { describe, expect, it } from 'vitest'
import { sendDelayMs } from '../../../src/outbox/pacing.js'

describe(sendDelayMs.name, () => {
  it.each([
    ['first send goes at once', undefined, 1_000, 0.5, 0],
    ['right after a send: full gap', 1_000, 1_000, 0, 80],
    ['part of the gap passed', 1_000, 1_050, 0, 30],
    ['exactly the gap passed', 1_000, 1_080, 0, 0],
    ['long idle', 1_000, 60_000, 0.99, 0],
    ['jitter adds random()·jitterMs', 1_000, 1_000, 0.5, 100],
    ['jitter near its top', 1_000, 1_000, 0.999, 120],
    ['jitter counts toward the elapsed time', 1_000, 1_090, 0.5, 10],
    ['fractional gaps round up, never early', 1_000, 1_000, 0.01, 81],
    ['clock went backwards: one gap, not negative or more', 5_000, 1_000, 0, 80],
  ] as const)('%s', (_name, lastSentAt, now, randomValue, expected) => {
    expect(sendDelayMs({ lastSentAt, now, minGapMs: 80, jitterMs: 40, random: () => randomValue })).toBe(expected)
  })

  it('stays within [minGap, minGap + jitter] right after a send', () => {
    for (let i = 0; i < 200; i++) {
      const delay = sendDelayMs({ lastSentAt: 0, now: 0, minGapMs: 1_500, jitterMs: 2_000, random: Math.random })
      expect(delay).toBeGreaterThanOrEqual(1_500)
      expect(delay).toBeLessThanOrEqual(3_500)
    }
  })

  it('with no gap configured never waits', () => {
    expect(sendDelayMs({ lastSentAt: 10, now: 10, minGapMs: 0, jitterMs: 0, random: () => 0.7 })).toBe(0)
  })
})
