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
  readonly #windowMs: number
  readonly #maxTracked: number
  readonly #misses = new Map<string, { count: number; since: number }>()

  constructor(options: { readonly limit: number; readonly windowMs: number; readonly maxTracked?: number }) {
    this.#limit = options.limit
    this.#windowMs = options.windowMs
    this.#maxTracked = options.maxTracked ?? 10_000
  }

  /** Whether this visitor has used up its misses for now. */
  blocked(visitor: string, nowMs: number): boolean {
    const entry = this.#misses.get(visitor)
    if (!entry) return false
    if (nowMs - entry.since >= this.#windowMs) {
      this.#misses.delete(visitor)
      return false
    }
    return entry.count >= this.#limit
  }

  miss(visitor: string, nowMs: number): void {
    const entry = this.#misses.get(visitor)
    if (entry && nowMs - entry.since < this.#windowMs) {
      entry.count += 1
      return
    }
    this.#misses.delete(visitor)
    // Insertion order is window order: the first key is the oldest window.
    if (this.#misses.size >= this.#maxTracked) {
      const oldest = this.#misses.keys().next()
      if (!oldest.done) this.#misses.delete(oldest.value)
    }
    this.#misses.set(visitor, { count: 1, since: nowMs })
  }
}
