/**
 * A small in-memory cache whose entries live `ttlMs` and of which at most
 * `maxEntries` are kept (the oldest written goes first). Reads never extend
 * an entry's life: what it holds is at most `ttlMs` old.
 */
export class TtlCache<V> {
  readonly #ttlMs: number
  readonly #maxEntries: number
  readonly #entries = new Map<string, { value: V; until: number }>()

  constructor(options: { readonly ttlMs: number; readonly maxEntries: number }) {
    this.#ttlMs = options.ttlMs
    this.#maxEntries = options.maxEntries
  }

  get(key: string, nowMs: number): V | undefined {
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    if (entry.until <= nowMs) {
      this.#entries.delete(key)
      return undefined
    }
    return entry.value
  }

  set(key: string, value: V, nowMs: number): void {
    this.#entries.delete(key)
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next()
      if (!oldest.done) this.#entries.delete(oldest.value)
    }
    this.#entries.set(key, { value, until: nowMs + this.#ttlMs })
  }
}
