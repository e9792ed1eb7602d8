import {
  ItemNotPromotableError,
  LinkNotResolvableError,
  PlatformAuthError,
  type PlatformError,
  type PlatformErrorDetails,
  PlatformPermissionError,
  PlatformRateLimitedError,
  PlatformRequestError,
  PlatformUnavailableError,
} from '../platform-errors.js'

/** The body of a PDD `error_response`, as far as we read it. */
export interface PddErrorResponse {
  readonly error_code: string | number
  readonly error_msg?: string | null | undefined
  readonly sub_code?: string | number | null | undefined
  readonly sub_msg?: string | null | undefined
  readonly request_id?: string | number | null | undefined
}

/**
 * PDD refused the call because the PID, or the PID with this
 * `custom_parameters`, has not done 授权备案 (error_code 50001, sub_code
 * 60001 or 20001, "未传入已经授权备案过的相关参数(pid/custom_parameters)").
 * The adapter turns it into an authorization link for the user, or into an
 * operator line when the PID itself is not registered; it is never "item not
 * in the program". Should one escape, it is the operator's to fix.
 */
export class PddNotRegisteredError extends PlatformPermissionError {}

/*
 * The code table PDD prints under every API page (返回错误码说明, e.g. the page
 * copy of pdd.ddk.oauth.rp.prom.url.generate at
 * open.pinduoduo.com/application/document/api?id=…, captured 2026-04; the
 * reference's correction C8). Business failures come as 50001 业务服务错误
 * with the real reason in sub_code/sub_msg.
 */
const AUTH_CODES = new Set([
  '10016', // client下线或者clientId不正确
  '10019', // access_token已过期 (OAuth APIs only)
  '20004', // 签名sign校验失败
])
const PERMISSION_CODES = new Set([
  '20005', // ip无权访问接口，请加入ip白名单
  '20031', // 用户没有授权访问此接口 (the app lacks the 权限包)
  '20032', // access_token或client_id错误
  '30000', // 没有调用此target接口权限
  '70032', // 当前请求被禁止调用
  '70033', // 当前接口因系统维护，暂时下线 (listed with the risk codes by the issue; not retried)
  '70034', // 当前用户或应用存在风险，禁止调用
  '70035', // 同上，请联系ddjb@pinduoduo.com
  '70036', // 应用处于测试状态，调用次数被限制
])
const RATE_LIMIT_CODES = new Set([
  '52101', // 当前接口被限流，请稍后重试
  '70031', // 调用过于频繁，请调整调用频率
])
const UNAVAILABLE_CODES = new Set([
  '50000', // 系统内部错误
  '50002', // 业务系统内部异常
  '52001', // 网关业务服务错误
  '52002', // 网关系统内部异常
  '52102', // 当前接口暂时不可用 (接口降级)
  '52103', // 服务暂时不可用 (接口降级)
])

/** The 备案 refusal's text; its sub_code has been seen as 60001 and as 20001 (sgxiang/pdd-coupon#11, C7). */
const REGISTRATION_TEXT = /授权备案|备案过/
/** 50001 with sub_code 20001 also reads "非多多客" when the client_id is not bound to a 多多客 account. */
const NOT_DUOKE_TEXT = /非多多客/

/*
 * Business failures under 50001 have no published sub_code table, so these
 * read the text; each is checked only after the 备案 text, which none of them
 * can match.
 */
const RATE_LIMIT_TEXT = /限流|调用过于频繁|请求过于频繁|too many/i
const UNAVAILABLE_TEXT = /系统繁忙|服务异常|系统异常|服务不可用|暂时不可用|系统内部错误/
const LINK_TEXT = /(链接|口令|url).{0,8}(失效|过期|无法解析|解析失败)|source_url.{0,8}(无法|不是|不合法)/i
const ITEM_TEXT = /商品.{0,8}(不存在|已下架|不支持推广|无法推广|不可推广|无佣金)|(不在|未参与).{0,4}推广/

function text(value: string | number | null | undefined): string | undefined {
  return value === null || value === undefined ? undefined : String(value)
}

/** Whether this error_response is the 备案 refusal. */
export function isPddRegistrationRefusal(error: PddErrorResponse): boolean {
  const subCode = text(error.sub_code)
  if (REGISTRATION_TEXT.test(error.sub_msg ?? '') || REGISTRATION_TEXT.test(error.error_msg ?? '')) return true
  return String(error.error_code) === '50001' && subCode === '60001'
}

/**
 * The typed error for one PDD `error_response`. The message (for an
 * operator's log) always carries error_code, sub_code, their texts and the
 * request id, so an unknown code can be looked up.
 */
export function pddErrorFor(method: string, error: PddErrorResponse): PlatformError {
  const code = String(error.error_code)
  const subCode = text(error.sub_code)
  const requestId = text(error.request_id)
  const details: PlatformErrorDetails & { api: string } = { code: error.error_code, subCode, requestId, api: method }
  const message =
    `pdd ${method} failed: error_code ${code} ${error.error_msg ?? ''}`.trimEnd() +
    (subCode !== undefined || error.sub_msg ? `; sub_code ${subCode ?? '-'} ${error.sub_msg ?? ''}`.trimEnd() : '') +
    (requestId !== undefined ? `; request_id ${requestId}` : '')

  if (isPddRegistrationRefusal(error)) return new PddNotRegisteredError('pdd', message, details)
  // The sub_code names the cause when it is itself a table code (PDD repeats it there).
  const key = subCode !== undefined && subCode !== code && !['50001', '10000'].includes(subCode) ? subCode : code
  for (const candidate of new Set([code, key])) {
    if (AUTH_CODES.has(candidate)) return new PlatformAuthError('pdd', message, details)
    if (PERMISSION_CODES.has(candidate)) return new PlatformPermissionError('pdd', message, details)
    if (RATE_LIMIT_CODES.has(candidate)) return new PlatformRateLimitedError('pdd', message, details)
    if (UNAVAILABLE_CODES.has(candidate)) return new PlatformUnavailableError('pdd', message, details)
  }
  const said = `${error.error_msg ?? ''} ${error.sub_msg ?? ''}`
  if (NOT_DUOKE_TEXT.test(said)) return new PlatformPermissionError('pdd', message, details)
  if (RATE_LIMIT_TEXT.test(said)) return new PlatformRateLimitedError('pdd', message, details)
  if (UNAVAILABLE_TEXT.test(said)) return new PlatformUnavailableError('pdd', message, details)
  if (LINK_TEXT.test(said)) return new LinkNotResolvableError('pdd', message, details)
  if (ITEM_TEXT.test(said)) return new ItemNotPromotableError('pdd', message, details)
  // 10000/10001 参数错误, 10017 type不正确, 21001/21002, 52004, or a code never seen: our request (or setup) needs fixing.
  return new PlatformRequestError('pdd', message, details)
}
