import {
  ItemNotPromotableError,
  LinkNotResolvableError,
  PlatformAuthError,
  type PlatformError,
  PlatformPermissionError,
  PlatformRateLimitedError,
  PlatformRequestError,
  PlatformUnavailableError,
} from '../platform-errors.js'

type ErrorClass = new (...args: ConstructorParameters<typeof PlatformError>) => PlatformError

/** `error_response{code, zh_desc, en_desc}` as the JOS gateway sends it. */
export interface JdGatewayFailure {
  readonly code: string
  readonly zhDesc?: string | undefined
  readonly enDesc?: string | undefined
}

/**
 * Gateway codes seen in real answers: 12 无效签名, 19 无效access_token,
 * 21 "key=… 信息无效" (invalid app_key), 15 不存在的方法名. Other codes
 * (flow control, back end down) are not documented anywhere we could read,
 * so those are classified by their description below.
 */
const GATEWAY_CODES: Readonly<Record<string, ErrorClass>> = {
  '12': PlatformAuthError,
  '19': PlatformAuthError,
  '21': PlatformAuthError,
  '15': PlatformRequestError,
}

const BY_DESCRIPTION: readonly (readonly [RegExp, ErrorClass])[] = [
  [/限流|流控|频繁|超限|超过限制|limit|too many|frequen/i, PlatformRateLimitedError],
  [/不可用|繁忙|超时|系统错误|系统异常|unavailable|busy|time ?out|system error/i, PlatformUnavailableError],
  [/签名|signature|app_?key|access_?token|信息无效/i, PlatformAuthError],
]

/** The typed error for a gateway-level `error_response`. */
export function jdGatewayError(method: string, failure: JdGatewayFailure): PlatformError {
  const text = [failure.zhDesc, failure.enDesc].filter(Boolean).join(' / ')
  const Kind =
    GATEWAY_CODES[failure.code] ?? BY_DESCRIPTION.find(([pattern]) => pattern.test(text))?.[1] ?? PlatformRequestError
  return new Kind('jd', `${method}: JOS gateway error ${failure.code}${text ? ` ${text}` : ''}`, { code: failure.code })
}

/** The inner `{code, message}` of a `*Result` string when `code != 200`. */
export interface JdBusinessFailure {
  readonly code: number
  readonly message: string
  readonly requestId?: string | undefined
}

/**
 * Permission refusals, from the `apiErrorsDTOS` tables of JD's API docs
 * (logerzhu/typed-jd-union-api json-def/*.json): 403 无访问权限 (every
 * 高级API and goods.query), 2001403 无调用权限 (promotion.*), 2001602
 * 无母账号权限或未签署协议 (promotion.common.get / byunionid.get), 408
 * unionid被限制调用 (goods.query, goods.jingfen.query), 2002403 无访问权限
 * (order.row.query).
 */
export const JD_PERMISSION_CODES: ReadonlySet<number> = new Set([403, 2001403, 2001602, 408, 2002403])

/**
 * Coupon problems of promotion.*.get with a `couponUrl` (same tables, and
 * an ecapi capture of 2001901 "host校验"): the link converts without the
 * coupon.
 */
export const JD_COUPON_CODES: ReadonlySet<number> = new Set([2001901, 2001905, 2001906, 2001909, 2001911, 2001914, 2001917])

/**
 * goods.query 201 未查询到满足条件的商品 and 202 已达到分页上限 (202 also on
 * goods.jingfen.query, 2003202 on goods.material.query): nothing (more) to
 * list, which a caller reads as an empty page.
 */
export const JD_EMPTY_PAGE_CODES: ReadonlySet<number> = new Set([201, 202, 2003202])

/**
 * Codes each of JD's tables marks 稍后重试: 2001609/2001504 服务降级,
 * 2001904/2001912 优惠券接口异常, 2001910 系统异常 (promotion.*), 2002408
 * 接口降级 and 2002500 系统异常 (order.row.query), 500 / 2003500 服务系统异常
 * (goods.*).
 */
const RETRYABLE_CODES = [2001609, 2001504, 2001904, 2001912, 2001910, 2002408, 2002500, 2003500]

const BUSINESS_CODES: ReadonlyMap<number, ErrorClass> = new Map<number, ErrorClass>([
  [429, PlatformRateLimitedError],
  [2001104, ItemNotPromotableError],
  [2001101, LinkNotResolvableError],
  [2001102, LinkNotResolvableError],
  [2001703, LinkNotResolvableError],
  [2002401, PlatformAuthError],
  ...RETRYABLE_CODES.map((code): [number, ErrorClass] => [code, PlatformUnavailableError]),
])

/**
 * The typed error for a business failure inside a successful envelope. A
 * permission code is a PlatformPermissionError naming the API; a code in no
 * table is a PlatformRequestError carrying code and message.
 */
export function jdBusinessError(method: string, failure: JdBusinessFailure): PlatformError {
  const request = failure.requestId ? ` (request ${failure.requestId})` : ''
  const message = `${method}: JD Union error ${failure.code} ${failure.message}${request}`
  const details = { code: failure.code, requestId: failure.requestId }
  if (JD_PERMISSION_CODES.has(failure.code)) return new PlatformPermissionError('jd', message, { ...details, api: method })
  const Kind =
    BUSINESS_CODES.get(failure.code) ??
    (failure.code >= 500 && failure.code < 600 ? PlatformUnavailableError : PlatformRequestError)
  return new Kind('jd', message, details)
}

/** Whether an error is JD's refusal of the coupon bound to a link (convert again without it). */
export function isJdCouponError(error: unknown): boolean {
  return error instanceof PlatformRequestError && typeof error.code === 'number' && JD_COUPON_CODES.has(error.code)
}
