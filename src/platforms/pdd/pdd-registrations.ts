/**
 * What this process knows of 授权备案, so that a registered user's link costs
 * no extra round trip. A positive answer is kept long: registration does not
 * lapse, and a later 备案 refusal drops it anyway. A negative answer about a
 * user is not kept at all, so "授权后再发一次链接" converts at once; a
 * negative answer about the PID is kept briefly, so an unregistered PID does
 * not cost calls on every message, and is asked again afterwards.
 */
export interface PddRegistrationTtls {
  readonly userPositiveMs: number
  readonly pidPositiveMs: number
  readonly pidNegativeMs: number
}

export const PDD_REGISTRATION_TTLS: PddRegistrationTtls = {
  userPositiveMs: 7 * 24 * 3_600_000,
  pidPositiveMs: 24 * 3_600_000,
  pidNegativeMs: 30_000,
}

/** At most this many users are remembered; the oldest answers go first. */
const MAX_USERS = 100_000

export type PddPidState = 'registered' | 'unregistered' | 'unknown'

export class PddRegistrations {
  readonly #ttls: PddRegistrationTtls
  readonly #now: () => number
  readonly #users = new Map<string, number>()
  #pid: { readonly registered: boolean; readonly until: number } | undefined

  constructor(ttls: PddRegistrationTtls = PDD_REGISTRATION_TTLS, now: () => number = Date.now) {
    this.#ttls = ttls
    this.#now = now
  }

  userRegistered(uid: string): boolean {
    const until = this.#users.get(uid)
    if (until === undefined) return false
    if (until > this.#now()) return true
    this.#users.delete(uid)
    return false
  }

  markUserRegistered(uid: string): void {
    this.#users.delete(uid)
    if (this.#users.size >= MAX_USERS) {
      const oldest = this.#users.keys().next()
      if (!oldest.done) this.#users.delete(oldest.value)
    }
    this.#users.set(uid, this.#now() + this.#ttls.userPositiveMs)
  }

  forgetUser(uid: string): void {
    this.#users.delete(uid)
  }

  pid(): PddPidState {
    const known = this.#pid
    if (!known || known.until <= this.#now()) return 'unknown'
    return known.registered ? 'registered' : 'unregistered'
  }

  setPid(registered: boolean): void {
    this.#pid = { registered, until: this.#now() + (registered ? this.#ttls.pidPositiveMs : this.#ttls.pidNegativeMs) }
  }

  forgetPid(): void {
    this.#pid = undefined
  }
}
