import { TtlCache } from '../shared/ttl-cache.js'

/**
 * Counts each visitor's requests for codes that do not exist, in a fixed
 * window, so guessing codes is slow: after `limit` misses a visitor gets 429
 * for every code until the window ends (else a guesser would still learn the
 * hits). Hits never count, so a push's burst of real links from one carrier
 * NAT goes through. Kept in memory, per process, with at most `maxTracked`
 * visitors (the oldest window is forgotten first).
 */
export class MissLimiter {
  readonly #limit: number
  /** A visitor's misses, kept for one window from the first. */
  readonly #misses: TtlCache<{ count: number }>

  constructor(options: { readonly limit: number; readonly windowMs: number; readonly maxTracked?: number }) {
    this.#limit = options.limit
    this.#misses = new TtlCache({ ttlMs: options.windowMs, maxEntries: options.maxTracked ?? 10_000 })
  }

  /** Whether this visitor has used up its misses for now. */
  blocked(visitor: string, nowMs: number): boolean {
    return (this.#misses.get(visitor, nowMs)?.count ?? 0) >= this.#limit
  }

  miss(visitor: string, nowMs: number): void {
    const entry = this.#misses.get(visitor, nowMs)
    if (entry) entry.count += 1
    else this.#misses.set(visitor, { count: 1 }, nowMs)
  }
}
