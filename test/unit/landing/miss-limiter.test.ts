import { describe, expect, it } from 'vitest'
import { MissLimiter } from '../../../src/landing/miss-limiter.js'

describe('the miss limiter', () => {
  it('blocks a visitor after `limit` misses within the window, and lets them in again once it ends', () => {
    const limiter = new MissLimiter({ limit: 3, windowMs: 60_000 })
    for (let i = 0; i < 3; i++) {
      expect(limiter.blocked('a', 1000 + i)).toBe(false)
      limiter.miss('a', 1000 + i)
    }
    expect(limiter.blocked('a', 2000)).toBe(true)
    expect(limiter.blocked('b', 2000)).toBe(false)
    expect(limiter.blocked('a', 61_000)).toBe(false)
    limiter.miss('a', 61_000)
    expect(limiter.blocked('a', 61_001)).toBe(false)
  })

  it('forgets the oldest visitor first when it tracks too many', () => {
    const limiter = new MissLimiter({ limit: 1, windowMs: 60_000, maxTracked: 2 })
    limiter.miss('a', 1)
    limiter.miss('b', 2)
    limiter.miss('c', 3)
    expect(limiter.blocked('a', 4)).toBe(false)
    expect(limiter.blocked('b', 4)).toBe(true)
    expect(limiter.blocked('c', 4)).toBe(true)
  })
})
