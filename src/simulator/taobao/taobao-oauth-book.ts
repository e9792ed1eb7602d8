import { digits, token } from '../sim-hash.js'
import type { SimState } from '../sim-state.js'

/** A Taobao account that authorized the app on the simulated page. */
export interface SimTaobaoUser {
  readonly userId: string
  readonly nick: string
}

/** An authorization code the simulated OAuth page issued. */
export interface SimAuthCode {
  readonly user: SimTaobaoUser
  readonly clientId: string
  readonly redirectUri: string
  used: boolean
}

/** What the simulated Taobao remembers of OAuth and 渠道备案 (beside its state, gone with it). */
export interface TaobaoOAuthBook {
  readonly codes: Map<string, SimAuthCode>
  /** Shopper sessions issued by top.auth.token.create → their account. */
  readonly sessions: Map<string, SimTaobaoUser>
  /** Taobao user id → the relation_id / special_id of their 备案 (one each, for good). */
  readonly relations: Map<string, string>
  readonly specials: Map<string, string>
  issued: number
}

const books = new WeakMap<SimState, TaobaoOAuthBook>()

export function oauthBook(state: SimState): TaobaoOAuthBook {
  let book = books.get(state)
  if (!book) {
    book = { codes: new Map(), sessions: new Map(), relations: new Map(), specials: new Map(), issued: 0 }
    books.set(state, book)
  }
  return book
}

/** The same nick is the same Taobao account, run after run. */
export function simTaobaoUser(nick: string): SimTaobaoUser {
  return { userId: digits(`tb-user:${nick}`, 10), nick }
}

/**
 * A fresh code for an agreeing shopper. Real codes look like
 * `qexkqiJRNXJXEPTjPTWYYsK5486529` (Taobao's FAQ, open.alitrip.com articleId=120):
 * letters then the user id's tail.
 */
export function issueAuthCode(state: SimState, code: Omit<SimAuthCode, 'used'>): string {
  const book = oauthBook(state)
  const value = `${token(`tb-code:${code.user.userId}:${++book.issued}:${state.nextSequence()}`, 24)}${code.user.userId.slice(-6)}`
  book.codes.set(value, { ...code, used: false })
  return value
}

/** Issues a shopper session for a code (once: a code works one time). */
export function issueSession(state: SimState, user: SimTaobaoUser): string {
  const book = oauthBook(state)
  // Sessions of real captures: "6201…" / "6100…" hex-like, ending in the user id.
  const session = `6201${token(`tb-session:${user.userId}:${++book.issued}`, 40).toLowerCase()}${user.userId}`
  book.sessions.set(session, user)
  return session
}

/** The relation_id (渠道) or special_id (会员) of a shopper: assigned on the first 备案, the same ever after. */
export function relationFor(state: SimState, user: SimTaobaoUser, kind: 'relation' | 'special'): { id: string; repeated: boolean } {
  const book = oauthBook(state)
  const map = kind === 'relation' ? book.relations : book.specials
  const existing = map.get(user.userId)
  if (existing !== undefined) return { id: existing, repeated: true }
  const id = digits(`tb-${kind}:${user.userId}`, kind === 'relation' ? 10 : 11)
  map.set(user.userId, id)
  return { id, repeated: false }
}
