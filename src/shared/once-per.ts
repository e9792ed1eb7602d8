/**
 * Lets one event per key through per interval: an operator alert for a
 * cause that repeats on every message (a PID not registered, an API we have
 * no permission for) is said once an hour, not once a message.
 */
export class OncePer {
  readonly #intervalMs: number
  readonly #now: () => number
  readonly #last = new Map<string, number>()

  constructor(intervalMs: number, now: () => number = Date.now) {
    this.#intervalMs = intervalMs
    this.#now = now
  }

  /** True for the first call of a key, then again once the interval has passed since the last true. */
  allow(key: string): boolean {
    const now = this.#now()
    const last = this.#last.get(key)
    if (last !== undefined && now - last < this.#intervalMs) return false
    this.#last.set(key, now)
    return true
  }
}
