import { token } from '../sim-hash.js'
import type { SimState } from '../sim-state.js'

/** One authorization link: the PID it registers and, when it carries custom_parameters, the uid it binds. */
export interface PddAuthorizationLink {
  readonly pid: string
  readonly uid: string | undefined
}

export const PDD_AUTHORIZE_PATH = '/pdd/authorize'

/** The links each simulator has issued, by code (kept beside its state, gone with it). */
const issued = new WeakMap<SimState, Map<string, PddAuthorizationLink>>()

/**
 * The link set rp.prom.url.generate (channel_type 10) answers with. The
 * real links lead to a PDD page where the shopper logs in and agrees; these
 * lead to the simulator's own page, which does what agreeing does: binds the
 * uid of the link's custom_parameters ("授权绑定备案支持优先对该自定义参数里面uid
 * 的解析绑定", a public C# PDD client's request model), or, for a link made
 * without custom_parameters, registers the PID itself (sgxiang/pdd-coupon#4).
 */
export function issueAuthorizationLinks(
  state: SimState,
  origin: string,
  link: PddAuthorizationLink,
  customParameters: string | undefined,
  withShort: boolean,
): Record<string, string> {
  const code = token(`pdd-authorize:${link.pid}|${link.uid ?? ''}`, 10)
  const byCode = issued.get(state) ?? new Map<string, PddAuthorizationLink>()
  issued.set(state, byCode)
  byCode.set(code, link)
  const query = new URLSearchParams({ pid: link.pid, code })
  if (customParameters !== undefined) query.set('customParameters', customParameters)
  const long = `${origin}${PDD_AUTHORIZE_PATH}?${query.toString()}`
  const short = `${origin}${PDD_AUTHORIZE_PATH}/${code}`
  return { url: long, mobile_url: long, ...(withShort ? { short_url: short, mobile_short_url: short } : {}) }
}

/** The link behind an authorization URL the simulator issued (long or short form), if it is one. */
export function authorizationLinkAt(state: SimState, url: URL): PddAuthorizationLink | undefined {
  const byCode = issued.get(state)
  if (!byCode) return undefined
  if (url.pathname === PDD_AUTHORIZE_PATH) return byCode.get(url.searchParams.get('code') ?? '')
  if (!url.pathname.startsWith(`${PDD_AUTHORIZE_PATH}/`)) return undefined
  return byCode.get(url.pathname.slice(PDD_AUTHORIZE_PATH.length + 1))
}

/**
 * What opening the link does: the uid it carries is bound (备案 done for that
 * user); a link without custom_parameters registers the PID (sgxiang/pdd-coupon#4:
 * the PID's 备案 needs no custom_parameters, "之后用手机打开响应的url授权一下").
 */
export function completeAuthorization(state: SimState, link: PddAuthorizationLink): void {
  if (link.uid === undefined) state.settings.pddPidRegistered = true
  else state.pddAuthorized.add(link.uid)
}
