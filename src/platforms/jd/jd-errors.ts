import {
  ItemNotPromotableError,
  LinkNotResolvableError,
  PlatformAuthError,
  type PlatformError,
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

const BUSINESS_CODES: Readonly<Record<number, ErrorClass>> = {
  429: PlatformRateLimitedError,
  2001104: ItemNotPromotableError,
  2001101: LinkNotResolvableError,
  2001102: LinkNotResolvableError,
  2001208: PlatformRequestError,
  2001214: PlatformRequestError,
  2002401: PlatformAuthError,
  2002403: PlatformAuthError,
}

/** The typed error for a business failure inside a successful envelope. */
export function jdBusinessError(method: string, failure: JdBusinessFailure): PlatformError {
  const Kind =
    BUSINESS_CODES[failure.code] ??
    (failure.code >= 500 && failure.code < 600 ? PlatformUnavailableError : PlatformRequestError)
  const request = failure.requestId ? ` (request ${failure.requestId})` : ''
  return new Kind('jd', `${method}: JD Union error ${failure.code} ${failure.message}${request}`, {
    code: failure.code,
    requestId: failure.requestId,
  })
}
