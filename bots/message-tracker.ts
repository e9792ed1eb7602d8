/**
 * Counts messages the bot has finished handling, so a scripted terminal
 * session (and the tests) can wait for a line's replies before the next line.
 */
export class MessageTracker {
  #handled = 0
  #waiters: { count: number; resolve: () => void }[] = []

  get handled(): number {
    return this.#handled
  }

  markHandled(): void {
    this.#handled++
    this.#waiters = this.#waiters.filter((w) => {
      if (this.#handled < w.count) return true
      w.resolve()
      return false
    })
  }

  /** Resolves once `count` messages in total have been handled. */
  untilHandled(count: number): Promise<void> {
    if (this.#handled >= count) return Promise.resolve()
    return new Promise((resolve) => this.#waiters.push({ count, resolve }))
  }
}
