import {
  ItemNotPromotableError,
  LinkNotResolvableError,
  PlatformAuthError,
  type PlatformError,
  PlatformRateLimitedError,
  PlatformRequestError,
  PlatformUnavailableError,
} from '../platform-errors.js'

/** The fields of TOP's `error_response`, and of business errors reported inside a success envelope. */
export interface TopErrorFields {
  readonly code: string | number | undefined
  readonly msg?: string | undefined
  readonly subCode?: string | undefined
  readonly subMsg?: string | undefined
  readonly requestId?: string | undefined
}

type PlatformErrorClass = new (...args: ConstructorParameters<typeof PlatformError>) => PlatformError

/** 7 App Call Limited. */
const RATE_LIMIT_CODES = new Set([7])
/** 11–13 insufficient ISV/user/partner permissions, 25 invalid signature, 26/27 missing/invalid session, 28/29 missing/invalid app key. */
const AUTH_CODES = new Set([11, 12, 13, 25, 26, 27, 28, 29])
/** 10 Service currently unavailable. */
const UNAVAILABLE_CODES = new Set([10])
/** 15 Remote service error: whose fault depends on the sub code (isv = ours, isp = theirs). */
const REMOTE_SERVICE_ERROR = 15

const RATE_LIMIT_SUB = /(?:call|flow|frequency|access)[-_.]?(?:control[-_.]?)?limit/i
const PERMISSION_SUB = /permission|unauthori[sz]ed|invalid[-_.]?(?:app[-_.]?key|signature|session)/i
// Wording seen in, or modelled on, 万能转链 per-material results.
const NOT_PROMOTABLE_TEXT = /不支持推广|不在推广|无佣金|not[\s-]?promot/i
const UNRESOLVABLE_TEXT = /失效|无法解析|解析失败|无法识别|invalid[\s-]?(?:link|url|material|password)|expired/i

/** Which typed error a TOP `error_response` stands for. Unknown codes count as our request's fault. */
export function classifyTopError(fields: TopErrorFields): PlatformErrorClass {
  const code = Number(fields.code)
  const sub = fields.subCode ?? ''
  const text = `${fields.msg ?? ''} ${fields.subMsg ?? ''}`
  if (RATE_LIMIT_CODES.has(code) || RATE_LIMIT_SUB.test(sub)) return PlatformRateLimitedError
  if (AUTH_CODES.has(code) || PERMISSION_SUB.test(sub)) return PlatformAuthError
  if (UNAVAILABLE_CODES.has(code) || sub.startsWith('isp.')) return PlatformUnavailableError
  if (code !== REMOTE_SERVICE_ERROR) return PlatformRequestError
  // 15 with an isv sub code is a business answer about what we asked for.
  return sub === '' ? PlatformUnavailableError : (classifyBusinessError(text) ?? PlatformRequestError)
}

/** A business outcome named by its message: the item is outside the program, or the material does not resolve. */
export function classifyBusinessError(text: string): PlatformErrorClass | undefined {
  if (NOT_PROMOTABLE_TEXT.test(text)) return ItemNotPromotableError
  if (UNRESOLVABLE_TEXT.test(text)) return LinkNotResolvableError
  return undefined
}

/** One line an operator can act on: method, codes, messages and the request id to quote to TOP support. */
export function describeTopError(method: string, fields: TopErrorFields): string {
  const main = [fields.code, fields.msg].filter((part) => part !== undefined && part !== '').join(' ')
  const sub = [fields.subCode, fields.subMsg].filter((part) => part !== undefined && part !== '').join(' ')
  const request = fields.requestId ? ` (request_id ${fields.requestId})` : ''
  return `${method} failed: ${main || 'unknown error'}${sub ? `; ${sub}` : ''}${request}`
}

export function topError(method: string, fields: TopErrorFields, errorClass = classifyTopError(fields)): PlatformError {
  return new errorClass('taobao', describeTopError(method, fields), {
    code: fields.code,
    subCode: fields.subCode,
    requestId: fields.requestId,
  })
}
