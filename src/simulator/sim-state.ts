import type { Platform } from '../links/parsed-link.js'
import { digits, pick, token } from './sim-hash.js'
import { SimOrders } from './sim-orders.js'

/** A promo link the simulator issued: the order feed (next issue) attributes orders through these. */
export interface IssuedPromo {
  readonly platform: Platform
  readonly code: string
  readonly itemKey: string
  /** Our per-user id as the adapter sent it (JD subUnionId, PDD custom_parameters uid; Taobao takes none). */
  readonly attributionId: string | undefined
  readonly relationId: string | undefined
  readonly shortUrl: string
  readonly issuedAt: Date
}

/** Failures a test can ask the simulator to produce for the next N calls of a platform. */
export type SimFault = 'rate-limit' | 'unavailable' | 'timeout' | 'http-500' | 'not-json'

/**
 * How the simulated platforms behave where real accounts differ. The
 * defaults are what an operator with fresh, ordinary accounts meets.
 */
export interface SimSettings {
  /** Every answer is held for a uniformly drawn time in [min, max] ms, as a real gateway across the internet is (0–0: at once). */
  latencyMs: { min: number; max: number }
  /** JD Union account tier: `basic` (an ordinary account: the 高级API answer 403) or `advanced` (granted 申请制 APIs). */
  jdTier: 'basic' | 'advanced'
  /** Whether the operator's PDD PID has done 授权备案 at all. */
  pddPidRegistered: boolean
  /** Whether PDD refuses links for a `custom_parameters` uid that has not done 授权备案 (the real platform does). */
  pddUserAuthorization: boolean
  /** Taobao big-sale period (618 / 双11 / 年货节): order queries accept at most 20 minutes. */
  taobaoBigSale: boolean
}

export const DEFAULT_SIM_SETTINGS: Readonly<SimSettings> = {
  latencyMs: { min: 0, max: 0 },
  jdTier: 'basic',
  pddPidRegistered: true,
  pddUserAuthorization: true,
  taobaoBigSale: false,
}

export interface SimCredentials {
  readonly appKey: string
  readonly secret: string
}

/** The default keys the app and the simulator share when no real keys are configured. */
export const SIM_CREDENTIALS: Readonly<Record<Platform, SimCredentials>> = {
  taobao: { appKey: '10000001', secret: 'sim-taobao-secret' },
  jd: { appKey: 'simjdappkey0001', secret: 'sim-jd-secret' },
  pdd: { appKey: 'simpddclientid01', secret: 'sim-pdd-secret' },
}

/** The operator session the simulator issues itself (the real one comes from the operator's own OAuth). */
export const SIM_TAOBAO_OPERATOR_SESSION = '6100a1b2c3simoperator0session0key0000000000000000'

export const SHORT_HOSTS: Readonly<Record<Platform, string>> = {
  taobao: 's.click.taobao.com',
  jd: 'u.jd.com',
  pdd: 'p.pinduoduo.com',
}

/**
 * Everything the simulator remembers. In memory: a restart forgets issued
 * links, like a fresh sandbox account.
 */
export class SimState {
  readonly credentials: Record<Platform, SimCredentials>
  readonly #promos = new Map<string, IssuedPromo>()
  readonly #faults = new Map<Platform, SimFault[]>()
  #sequence = 0
  /** The clock every simulated timestamp comes from. */
  now: () => Date
  /** The platforms' order books, rendered by each platform's order API. */
  readonly orders: SimOrders
  /** Mutable: a test or the terminal may switch a tier or a gate at any time. */
  readonly settings: SimSettings
  /** PDD `custom_parameters` uids that have done 授权备案 (the shopper opened the authorization link). */
  readonly pddAuthorized = new Set<string>()
  /**
   * The operator's own Taobao session (TAOBAO_SESSION) the simulated TOP
   * accepts for the sc APIs (taobao.tbk.sc.invitecode.get), when Taobao is simulated.
   */
  readonly taobaoOperatorSession = SIM_TAOBAO_OPERATOR_SESSION
  readonly #calls = new Map<string, number>()

  constructor(
    options: {
      credentials?: Partial<Record<Platform, SimCredentials>>
      now?: () => Date
      settings?: Partial<SimSettings>
    } = {},
  ) {
    this.credentials = { ...SIM_CREDENTIALS, ...options.credentials }
    this.now = options.now ?? (() => new Date())
    this.orders = new SimOrders(() => this.now())
    this.settings = { ...DEFAULT_SIM_SETTINGS, latencyMs: { ...DEFAULT_SIM_SETTINGS.latencyMs }, ...options.settings }
  }

  /** Counts one API call (the benchmark reports calls per link). */
  recordCall(platform: Platform, method: string): void {
    const key = `${platform} ${method}`
    this.#calls.set(key, (this.#calls.get(key) ?? 0) + 1)
  }

  /** Calls per platform and method so far, as `"<platform> <method>" → count`. */
  callCounts(): ReadonlyMap<string, number> {
    return new Map(this.#calls)
  }

  /** Calls of one platform so far (all methods). */
  callsOf(platform: Platform): number {
    let total = 0
    for (const [key, count] of this.#calls) if (key.startsWith(`${platform} `)) total += count
    return total
  }

  /** Issue (or re-issue: same item + attribution → same link) a promo short link. */
  issuePromo(platform: Platform, itemKey: string, attributionId: string | undefined, relationId?: string): IssuedPromo {
    const seed = `${platform}|${itemKey}|${attributionId ?? ''}|${relationId ?? ''}`
    const code = token(`promo:${seed}`, platform === 'taobao' ? 10 : 8)
    const existing = this.#promos.get(code)
    if (existing) return existing
    const promo: IssuedPromo = {
      platform,
      code,
      itemKey,
      attributionId,
      relationId,
      shortUrl: `https://${SHORT_HOSTS[platform]}/${code}`,
      issuedAt: this.now(),
    }
    this.#promos.set(code, promo)
    return promo
  }

  promoByCode(code: string): IssuedPromo | undefined {
    return this.#promos.get(code)
  }

  /** Every issued promo link, oldest first. */
  issuedPromos(): IssuedPromo[] {
    return [...this.#promos.values()]
  }

  /**
   * What an unknown short link or share code points at: every well-formed
   * one resolves to a stable item, except ~1 in 9 which has expired.
   */
  resolveForeign(platform: Platform, reference: string): { itemKey: string } | 'expired' {
    const seed = `foreign:${platform}:${reference}`
    if (pick(seed, 9, 7) === 0) return 'expired'
    return { itemKey: digits(seed, 12) }
  }

  injectFault(platform: Platform, fault: SimFault, times = 1): void {
    const queue = this.#faults.get(platform) ?? []
    for (let i = 0; i < times; i++) queue.push(fault)
    this.#faults.set(platform, queue)
  }

  /** The fault the next call of this platform must produce, if a test asked for one. */
  takeFault(platform: Platform): SimFault | undefined {
    return this.#faults.get(platform)?.shift()
  }

  clearFaults(): void {
    this.#faults.clear()
  }

  nextSequence(): number {
    return ++this.#sequence
  }
}
