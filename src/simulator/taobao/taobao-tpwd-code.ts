import { token } from '../sim-hash.js'
import type { IssuedPromo, SimState } from '../sim-state.js'

/*
 * The simulator's 淘口令 need no table of their own: the 11-character code is
 * the promo's 10-character code plus one check character, so a pasted 口令
 * finds its promo again through `state.promoByCode`.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

export function tpwdCodeFor(promoCode: string): string {
  const start = BASE62.indexOf(token(`tb-tpwd:${promoCode}`, 1))
  for (let i = 0; i < BASE62.length; i++) {
    const candidate = promoCode + BASE62[(start + i) % BASE62.length]
    if (looksLikeTpwd(candidate)) return candidate
  }
  return promoCode + BASE62[start]
}

/**
 * Real 口令 mix cases (and usually digits); chat parsers reject one-case
 * tokens as words or numbers, so the check character is chosen to keep that true.
 */
function looksLikeTpwd(code: string): boolean {
  const upper = (code.match(/[A-Z]/g) ?? []).length
  return upper > 0 && /[a-z]/.test(code) && (/[0-9]/.test(code) || upper >= 2)
}

/** The issued promo behind a 口令 (or a bare promo code), if the simulator issued it. */
export function promoForCode(state: SimState, code: string): IssuedPromo | undefined {
  const direct = state.promoByCode(code)
  if (direct) return direct.platform === 'taobao' ? direct : undefined
  const promoCode = code.slice(0, -1)
  if (code.length !== 11 || tpwdCodeFor(promoCode) !== code) return undefined
  const promo = state.promoByCode(promoCode)
  return promo?.platform === 'taobao' ? promo : undefined
}

/** `￥AbCdEfGhIjK￥`: the short form `password_simple` / `*_short_tpwd` carry. */
export function shortTpwd(promo: IssuedPromo): string {
  return `￥${tpwdCodeFor(promo.code)}￥`
}

/** The iOS 14+ share text: a digit, the symbol-wrapped code and a slash, then the title. */
export function fullTpwd(promo: IssuedPromo, title: string): string {
  return `${(promo.code.charCodeAt(0) % 9) + 1}${shortTpwd(promo)}/ 「${title}」点击链接直接打开 或者 淘宝搜索直接打开`
}
