import { within } from '../shared/within.js'

/** A message handled longer than this no longer holds up the sender's next one (a hung platform call, say). */
const MAX_WAIT_MS = 20_000

interface Pending {
  readonly texts: Set<Promise<unknown>>
  readonly pictures: Set<Promise<unknown>>
}

/**
 * Messages are handled concurrently, but a picture and its copy must be
 * seen in the order they were sent: a picture handled while the copy just
 * before it is still being rewritten would miss it, and a copy handled while
 * the picture just before it is still downloading would go without it. So,
 * per sender (conversation + talker, in this process): a picture waits for
 * the sender's earlier messages, a text for the sender's earlier pictures.
 * Two texts never wait for each other, so a shopper's links are answered as
 * fast as before. Call synchronously where a message enters the service.
 */
export class SenderOrder {
  readonly #pending = new Map<string, Pending>()

  run<T>(sender: string, isPicture: boolean, work: () => Promise<T>): Promise<T> {
    const pending = this.#pending.get(sender) ?? { texts: new Set(), pictures: new Set() }
    this.#pending.set(sender, pending)
    const before = isPicture ? [...pending.texts, ...pending.pictures] : [...pending.pictures]
    const ready = before.length === 0 ? Promise.resolve() : within(Promise.allSettled(before), MAX_WAIT_MS, 'the sender’s earlier message').catch(() => undefined)
    const done = ready.then(work)
    const mine = isPicture ? pending.pictures : pending.texts
    const settled = done.then(
      () => undefined,
      () => undefined,
    )
    mine.add(settled)
    void settled.then(() => {
      mine.delete(settled)
      if (pending.texts.size === 0 && pending.pictures.size === 0 && this.#pending.get(sender) === pending) this.#pending.delete(sender)
    })
    return done
  }
}
