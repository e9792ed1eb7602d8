import { describe, expect, it } from 'vitest'
import { TtlCache } from '../../../src/shared/ttl-cache.js'

describe('TtlCache', () => {
  it('keeps a value for ttlMs, not longer, and reading does not extend it', () => {
    const cache = new TtlCache<string>({ ttlMs: 100, maxEntries: 10 })
    cache.set('a', 'x', 1000)
    expect(cache.get('a', 1050)).toBe('x')
    expect(cache.get('a', 1099)).toBe('x')
    expect(cache.get('a', 1100)).toBeUndefined()
    expect(cache.get('missing', 1000)).toBeUndefined()
  })

  it('drops the oldest written entry when full; rewriting a key makes it the newest', () => {
    const cache = new TtlCache<number>({ ttlMs: 1000, maxEntries: 2 })
    cache.set('a', 1, 0)
    cache.set('b', 2, 0)
    cache.set('a', 3, 0)
    cache.set('c', 4, 0)
    expect(cache.get('b', 1)).toBeUndefined()
    expect(cache.get('a', 1)).toBe(3)
    expect(cache.get('c', 1)).toBe(4)
  })
})
