import { createLogger } from '../../shared/log.js'
import { OncePer } from '../../shared/once-per.js'
import { AuthorizationRequiredError } from '../platform-errors.js'
import { generatePddAuthorizationUrl, MEMBER_AUTHORITY_QUERY, queryPddBind } from './pdd-authority.js'
import { PddNotRegisteredError } from './pdd-error.js'
import type { PddCall } from './pdd-order-feed.js'
import { PddRegistrations } from './pdd-registrations.js'

const log = createLogger('pdd')

const HOUR_MS = 3_600_000

export interface PddRegistrationGateOptions {
  readonly call: PddCall
  readonly pid: string
  readonly registrations?: PddRegistrations | undefined
  readonly now?: (() => number) | undefined
}

/** The settled value of a check that must never become an unhandled rejection. */
type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown }

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )
}

/**
 * PDD 授权备案 around a conversion (reference C7; sgxiang/pdd-coupon README and
 * #11; lywzx/pdd-node-sdk PddDdkRpPromUrlGenerate.ts): until the PID, and the
 * PID with the user's `custom_parameters`, is bound, the link APIs refuse with
 * 50001/60001 (or 20001). For a user not known to be bound the bind check
 * (member.authority.query) runs beside the first conversion call, never
 * before it; on a refusal the user gets the authorization link
 * (rp.prom.url.generate, channel_type 10, their custom_parameters), or, when
 * the PID itself is not registered, the operator gets one line an hour.
 */
export class PddRegistrationGate {
  readonly #call: PddCall
  readonly #pid: string
  readonly #registrations: PddRegistrations
  readonly #operatorLines: OncePer
  /** Bind checks under way, so several links of one message ask once. */
  readonly #checking = new Map<string, Promise<Settled<boolean>>>()

  constructor(options: PddRegistrationGateOptions) {
    this.#call = options.call
    this.#pid = options.pid
    this.#registrations = options.registrations ?? new PddRegistrations(undefined, options.now)
    this.#operatorLines = new OncePer(HOUR_MS, options.now)
  }

  /**
   * Runs one conversion for the user whose uid `customParameters` carries.
   * @throws AuthorizationRequiredError (the user must open its link), PddNotRegisteredError (the PID is not registered), or the conversion's own error
   */
  async convert<T>(uid: string, customParameters: string, conversion: () => Promise<T>): Promise<T> {
    if (this.#registrations.pid() === 'unregistered') throw this.#pidNotRegistered()
    const bindCheck = this.#registrations.userRegistered(uid) ? undefined : this.#checkUser(uid, customParameters)
    try {
      const result = await conversion()
      // PDD took this user's custom_parameters: their links work, whatever the check says.
      this.#registrations.markUserRegistered(uid)
      return result
    } catch (error) {
      if (!(error instanceof PddNotRegisteredError)) throw error
      this.#registrations.forgetUser(uid)
      throw await this.#refusal(uid, customParameters, error, bindCheck)
    }
  }

  /** member.authority.query for one user; a bound answer is remembered whatever the conversion does. */
  #checkUser(uid: string, customParameters: string): Promise<Settled<boolean>> {
    const running = this.#checking.get(uid)
    if (running) return running
    const check = settle(queryPddBind(this.#call, this.#pid, customParameters)).then((answer) => {
      this.#checking.delete(uid)
      if (answer.ok && answer.value) this.#registrations.markUserRegistered(uid)
      return answer
    })
    this.#checking.set(uid, check)
    return check
  }

  /** The error a 备案 refusal becomes, found in one more round of parallel calls at most. */
  async #refusal(uid: string, customParameters: string, refusal: PddNotRegisteredError, bindCheck: Promise<Settled<boolean>> | undefined): Promise<Error> {
    const pidKnown = this.#registrations.pid() === 'registered'
    const [user, pid, link] = await Promise.all([
      bindCheck ?? this.#checkUser(uid, customParameters),
      pidKnown ? undefined : settle(queryPddBind(this.#call, this.#pid)),
      settle(generatePddAuthorizationUrl(this.#call, this.#pid, customParameters)),
    ])
    if (pid?.ok) this.#registrations.setPid(pid.value)
    if (pid?.ok && !pid.value) return this.#pidNotRegistered()
    if (user.ok && user.value) {
      // Bound, yet refused: PDD's two answers disagree, so it is not the user's to fix.
      this.#registrations.forgetPid()
      this.#registrations.forgetUser(uid)
      log.warn('pdd refused a user that member.authority.query reports as bound', { api: refusal.api, error: refusal.message })
      return refusal
    }
    if (!link.ok) log.warn('pdd authorization link could not be generated', { error: link.error })
    return new AuthorizationRequiredError('pdd', `pdd user has not done 授权备案 (${refusal.message})`, link.ok ? link.value : '', {
      code: refusal.code,
      subCode: refusal.subCode,
      requestId: refusal.requestId,
    })
  }

  #pidNotRegistered(): PddNotRegisteredError {
    const message = `pdd PID ${this.#pid} has not done 授权备案: every PDD link is refused until the 多多进宝 account opens the PID's authorization link once`
    if (this.#operatorLines.allow('pid-not-registered')) void this.#logPidLink(message)
    return new PddNotRegisteredError('pdd', message, { code: 50001, subCode: '60001', api: MEMBER_AUTHORITY_QUERY })
  }

  /** The operator's line, with the PID's own authorization link (no custom_parameters) when PDD gives one. */
  async #logPidLink(message: string): Promise<void> {
    const link = await settle(generatePddAuthorizationUrl(this.#call, this.#pid))
    log.error(`${message} (said once an hour)`, link.ok ? { pid: this.#pid, authorizationUrl: link.value } : { pid: this.#pid, linkError: link.error })
  }

  /** At start: is the PID registered? One clear line when it is not; never throws. */
  async checkSetup(): Promise<void> {
    const pid = await settle(queryPddBind(this.#call, this.#pid))
    if (!pid.ok) {
      log.warn('pdd setup check failed: could not ask member.authority.query whether the PID did 授权备案', { pid: this.#pid, error: pid.error })
      return
    }
    this.#registrations.setPid(pid.value)
    if (pid.value) log.info('pdd PID has done 授权备案; each shopper authorizes once on their first link', { pid: this.#pid })
    else this.#pidNotRegistered()
  }
}
