import {
  ItemNotPromotableError,
  LinkNotResolvableError,
  OrderWindowTooLongError,
  PlatformAuthError,
  type PlatformError,
  PlatformPermissionError,
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

/**
 * TOP refused a numeric (pre-2023) item id: `sub_code -4003` "您输入的商品ID不合法，
 * 请使用升级后的新商品ID" (pea-cake/tbk#10, item.info.get) or "不允许数字id转链，请使用新商品id"
 * (evendevil66/taolefan#5, conversion by id). The adapter converts the item page
 * URL instead; if TOP refuses that too, the link cannot be converted.
 */
export class TaobaoNumericIdError extends LinkNotResolvableError {}

/** The order APIs' window during 618 / 双11 / 年货节 (bububa/opentaobao `TaobaoTbkOrderDetailsGetAPIRequest.go`). */
export const TAOBAO_BIG_SALE_WINDOW_MS = 20 * 60_000

type PlatformErrorClass = new (...args: ConstructorParameters<typeof PlatformError>) => PlatformError

/** 7 App Call Limited. */
const RATE_LIMIT_CODES = new Set([7])
/** 25 invalid signature, 26/27 missing/invalid session, 28/29 missing/invalid app key. */
const AUTH_CODES = new Set([25, 26, 27, 28, 29])
/** 11–13 insufficient ISV/user/partner permissions: the app lacks the API. */
const PERMISSION_CODES = new Set([11, 12, 13])
/** 10 Service currently unavailable. */
const UNAVAILABLE_CODES = new Set([10])
/** 15 Remote service error: whose fault depends on the sub code (isv = ours, isp = theirs). */
const REMOTE_SERVICE_ERROR = 15
/** Sub codes of the numeric-id refusal: -4003 (pea-cake/tbk#10); 35 in TOP's privilege.get error table copies. */
const NUMERIC_ID_CODES = new Set(['-4003', '35'])

const RATE_LIMIT_SUB = /(?:call|flow|frequency|access)[-_.]?(?:control[-_.]?)?limit/i
const PERMISSION_SUB = /permission|unauthori[sz]ed/i
const AUTH_SUB = /invalid[-_.]?(?:app[-_.]?key|signature|session)|sessionkey/i
/** isv.pid-not-correct "site_id或adzone_id与登录账号不匹配", isv.invalid-parameter:adzone_id: the operator's PID. */
const PID_SUB = /^isv\.pid-not-correct|^isv\.invalid-parameter:adzone_id/i
const NOT_PROMOTABLE_SUB = /^isv\.item-not-exist/i
// Wording of isv.item-not-exist and of 万能转链 per-material results.
const NOT_PROMOTABLE_TEXT = /非淘客|已下架|不支持推广|不在推广|无佣金|not[\s-]?promot/i
const NUMERIC_ID_TEXT = /数字id|新商品id/i
const UNRESOLVABLE_TEXT = /失效|无法解析|解析失败|无法识别|invalid[\s-]?(?:link|url|material|password)|expired/i
// UNCERTAIN: no public capture of the too-long-window answer; matched by what it must talk about.
const WINDOW_TEXT = /(?:时间跨度|时间段|时间间隔|时间范围|查询时间).*(?:超过|不能大于|不可超过|不得超过)|(?:20|二十)\s*分钟|time\s*(?:range|span|window)/i
const ORDER_METHODS = /^taobao\.tbk\.(?:sc\.)?order\.(?:details\.get|refund\.get)$|^taobao\.tbk\.(?:sc\.)?relation\.refund$/

/**
 * The typed error one TOP error stands for: by `sub_code` first, then the
 * top-level code, then the text. Unknown codes count as our request's fault
 * (the user reads a friendly line; the log line carries code, sub_code and message).
 */
export function topError(method: string, fields: TopErrorFields, fallback?: PlatformErrorClass): PlatformError {
  const message = describeTopError(method, fields)
  const details = { code: fields.code, subCode: fields.subCode, requestId: fields.requestId }
  const code = Number(fields.code)
  const sub = fields.subCode ?? ''
  const text = `${fields.msg ?? ''} ${fields.subMsg ?? ''}`
  if (NOT_PROMOTABLE_SUB.test(sub)) return new ItemNotPromotableError('taobao', message, details)
  if (NUMERIC_ID_CODES.has(sub) || NUMERIC_ID_TEXT.test(text)) {
    return new TaobaoNumericIdError('taobao', message, details)
  }
  if (PID_SUB.test(sub)) return new PlatformPermissionError('taobao', message, { ...details, api: method })
  if (RATE_LIMIT_CODES.has(code) || RATE_LIMIT_SUB.test(sub)) return new PlatformRateLimitedError('taobao', message, details)
  if (AUTH_CODES.has(code) || AUTH_SUB.test(sub)) return new PlatformAuthError('taobao', message, details)
  if (PERMISSION_CODES.has(code) || PERMISSION_SUB.test(sub)) {
    return new PlatformPermissionError('taobao', message, { ...details, api: method })
  }
  if (ORDER_METHODS.test(method) && WINDOW_TEXT.test(text) && !/天/.test(text)) {
    return new OrderWindowTooLongError('taobao', message, allowedWindowMs(text), details)
  }
  if (UNAVAILABLE_CODES.has(code) || sub.startsWith('isp.')) return new PlatformUnavailableError('taobao', message, details)
  if (code === REMOTE_SERVICE_ERROR && sub === '') return new PlatformUnavailableError('taobao', message, details)
  const ErrorClass = classifyBusinessError(text) ?? fallback ?? PlatformRequestError
  return new ErrorClass('taobao', message, details)
}

/** The window the refusal names ("不能超过3小时", "20分钟"), else the big-sale 20 minutes. */
function allowedWindowMs(text: string): number {
  const minutes = /(\d{1,4})\s*分钟/.exec(text)
  if (minutes) return Number(minutes[1]) * 60_000
  const hours = /(\d{1,3})\s*(?:个)?小时/.exec(text)
  if (hours) return Number(hours[1]) * 3_600_000
  return TAOBAO_BIG_SALE_WINDOW_MS
}

/** A business outcome named by its message: the item is outside the program, or the material does not resolve. */
export function classifyBusinessError(text: string): PlatformErrorClass | undefined {
  if (NUMERIC_ID_TEXT.test(text)) return TaobaoNumericIdError
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
