import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { parseJdData, readJdEnvelope } from '../../../src/platforms/jd/jd-envelope.js'
import {
  ItemNotPromotableError,
  LinkNotResolvableError,
  PlatformAuthError,
  type PlatformError,
  PlatformRateLimitedError,
  PlatformRequestError,
  PlatformResponseError,
  PlatformUnavailableError,
} from '../../../src/platforms/platform-errors.js'

const METHOD = 'jd.union.open.promotion.bysubunionid.get'
const ROOT = 'jd_union_open_promotion_bysubunionid_get_responce'

/** A success envelope as JOS sends it: the result is a JSON string inside the root. */
const envelope = (inner: unknown, root = ROOT, field = 'getResult'): unknown => ({
  [root]: { code: '0', [field]: JSON.stringify(inner) },
})

const business = (code: number, message: string): unknown =>
  envelope({ code, message, requestId: 'o_0b64a07b_lmlzrjqb_153015728' })

const gateway = (code: string, zh_desc?: string, en_desc?: string): unknown => ({ error_response: { code, zh_desc, en_desc } })

type ErrorClass = abstract new (...args: never[]) => PlatformError

describe(readJdEnvelope.name, () => {
  const ok = { code: 200, message: 'success', data: { shortURL: 'https://u.jd.com/abc' }, requestId: 'r1' }
  it.each([
    ['responce (as sent)', envelope(ok)],
    ['response (as documented)', envelope(ok, ROOT.replace('responce', 'response'))],
    ['code as a string', envelope({ ...ok, code: '200' })],
  ])('reads a success envelope spelled %s', (_name, body) => {
    expect(readJdEnvelope(METHOD, body)).toMatchObject({ code: 200, data: { shortURL: 'https://u.jd.com/abc' } })
  })

  it('reads queryResult for *.query methods with paging fields', () => {
    const inner = { code: 200, message: 'success', data: [], totalCount: 0, hasMore: false }
    const body = envelope(inner, 'jd_union_open_goods_query_responce', 'queryResult')
    expect(readJdEnvelope('jd.union.open.goods.query', body)).toMatchObject({ data: [], totalCount: 0, hasMore: false })
  })

  it.each<[string, unknown, ErrorClass]>([
    ['invalid app key (21)', gateway('21', 'key=abc 信息无效', 'Invalid app_key'), PlatformAuthError],
    ['invalid signature (12)', gateway('12', '无效签名'), PlatformAuthError],
    ['invalid access_token (19)', gateway('19', '无效access_token', 'Invalid access_token'), PlatformAuthError],
    ['invalid method (15)', gateway('15', '不存在的方法名', 'Invalid Method'), PlatformRequestError],
    ['flow control', gateway('45', '调用频率超过限制，请稍后再试', 'Call frequency limit exceeded'), PlatformRateLimitedError],
    ['back end down', gateway('66', '平台连接后端服务不可用', 'Backend service unavailable'), PlatformUnavailableError],
    ['missing system param', gateway('5', '缺少必选参数sign', 'Missing required parameter sign'), PlatformRequestError],
    ['numeric code, no text', { error_response: { code: 99 } }, PlatformRequestError],
    ['root code without result', { [ROOT]: { code: '21', en_desc: 'Invalid app_key' } }, PlatformAuthError],
    ['商品不在推广中', business(2001104, '商品不在推广中'), ItemNotPromotableError],
    ['链接格式错误', business(2001101, 'materialId链接格式错误'), LinkNotResolvableError],
    ['链接无法识别', business(2001102, 'materialId无法识别'), LinkNotResolvableError],
    ['subUnionId格式错误', business(2001208, 'subUnionId格式错误'), PlatformRequestError],
    ['pid和subUnionId同时使用', business(2001214, 'pid和subUnionId不能同时使用'), PlatformRequestError],
    ['rate limited', business(429, '请求过于频繁'), PlatformRateLimitedError],
    ['token不合法', business(2002401, 'token不合法'), PlatformAuthError],
    ['无访问权限', business(2002403, '无访问权限'), PlatformAuthError],
    ['server error', business(500, '服务异常'), PlatformUnavailableError],
    ['other business error', business(400, '参数错误'), PlatformRequestError],
    ['not an object', '<html>', PlatformResponseError],
    ['no root', { other_responce: {} }, PlatformResponseError],
    ['result not JSON', { [ROOT]: { code: '0', getResult: '{oops' } }, PlatformResponseError],
    ['result without code', envelope({ message: 'success', data: {} }), PlatformResponseError],
    ['result neither a string nor an object', { [ROOT]: { code: '0', getResult: 42 } }, PlatformResponseError],
  ])('maps %s to its typed error', (_name, body, expected) => {
    expect(() => readJdEnvelope(METHOD, body)).toThrow(expected)
  })

  it('names the method, code, message and request id for the operator', () => {
    const error = catchError(() => readJdEnvelope(METHOD, business(2001104, '商品不在推广中')))
    expect(error.message).toBe(`${METHOD}: JD Union error 2001104 商品不在推广中 (request o_0b64a07b_lmlzrjqb_153015728)`)
    expect(error).toMatchObject({ platform: 'jd', code: 2001104, requestId: 'o_0b64a07b_lmlzrjqb_153015728', retryable: false })
  })

  it('names the gateway code and both descriptions', () => {
    const error = catchError(() => readJdEnvelope(METHOD, gateway('21', 'key=abc 信息无效', 'Invalid app_key')))
    expect(error.message).toBe(`${METHOD}: JOS gateway error 21 key=abc 信息无效 / Invalid app_key`)
    expect(error.code).toBe('21')
  })
})

describe(parseJdData.name, () => {
  it('turns a data shape mismatch into PlatformResponseError with the request id', () => {
    const result = { code: 200, message: 'success', data: { shortURL: 5 }, requestId: 'r9' }
    const error = catchError(() => parseJdData(METHOD, z.object({ shortURL: z.string() }), result))
    expect(error).toBeInstanceOf(PlatformResponseError)
    expect(error.message).toContain('(request r9)')
    expect(error.message).toContain('shortURL')
  })
})

function catchError(fn: () => unknown): PlatformError {
  try {
    fn()
  } catch (error) {
    return error as PlatformError
  }
  throw new Error('expected a throw')
}
