import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  ItemNotPromotableError,
  LinkNotResolvableError,
  PlatformAuthError,
  PlatformPermissionError,
  PlatformRateLimitedError,
  PlatformRequestError,
  PlatformResponseError,
  PlatformUnavailableError,
} from '../../../src/platforms/platform-errors.js'
import { parsePddResult, readPddEnvelope } from '../../../src/platforms/pdd/pdd-envelope.js'
import { PddNotRegisteredError } from '../../../src/platforms/pdd/pdd-error.js'

const METHOD = 'pdd.ddk.goods.search'

function errorOf(body: unknown): unknown {
  try {
    readPddEnvelope(METHOD, body)
  } catch (error) {
    return error
  }
  throw new Error('expected readPddEnvelope to throw')
}

const err = (fields: unknown): unknown => ({ error_response: fields })

describe(readPddEnvelope.name, () => {
  it.each([
    ['the reference sample 参数错误', err({ error_code: 10000, error_msg: '参数错误:pid不能为空', sub_code: '10000', sub_msg: 'pid不能为空', request_id: '15440104776643887' }), PlatformRequestError],
    ['a recorded 签名验证失败', err({ error_msg: '签名验证失败', sub_msg: '签名验证失败', sub_code: '20004', error_code: 20004, request_id: '17043503757231146' }), PlatformAuthError],
    ['client下线或者clientId不正确', err({ error_code: 10016, error_msg: 'client下线或者clientId不正确', sub_code: '10016', sub_msg: '' }), PlatformAuthError],
    ['access_token已过期', err({ error_code: 10019, error_msg: 'access_token已过期' }), PlatformAuthError],
    ['70031 调用过于频繁', err({ error_code: 70031, error_msg: '调用过于频繁，请调整调用频率', sub_code: '70031', sub_msg: '当前接口已被限流' }), PlatformRateLimitedError],
    ['限流 under another code', err({ error_code: 52101, error_msg: '服务调用失败', sub_code: 'isv.api-限流', sub_msg: '' }), PlatformRateLimitedError],
    ['50000 系统内部错误', err({ error_code: 50000, error_msg: '系统内部错误', sub_code: 50000, sub_msg: '服务异常，请稍后重试' }), PlatformUnavailableError],
    ['系统繁忙 under another code', err({ error_code: 50001, error_msg: '业务服务错误', sub_msg: '系统繁忙' }), PlatformUnavailableError],
    // 50001/60001 is 授权备案, never "not in the program" (sgxiang/pdd-coupon#11; reference C7).
    ['50001/60001 授权备案', err({ error_code: 50001, error_msg: '业务服务错误', sub_code: '60001', sub_msg: '未传入已经授权备案过的相关参数(pid/custom_parameters)' }), PddNotRegisteredError],
    ['50001/20001 with the 备案 text', err({ error_code: 50001, error_msg: '业务服务错误', sub_code: '20001', sub_msg: '未传入已经授权备案过的相关参数(pid/custom_parameters)' }), PddNotRegisteredError],
    ['商品不支持推广 under 业务服务错误', err({ error_code: 50001, error_msg: '业务服务错误', sub_msg: '商品不支持推广: c9r2_1' }), ItemNotPromotableError],
    ['商品不支持推广 under 参数错误', err({ error_code: 10000, error_msg: '参数错误', sub_msg: '该商品不支持推广' }), ItemNotPromotableError],
    ['链接已失效 under 业务服务错误', err({ error_code: 50001, error_msg: '业务服务错误', sub_msg: '链接已失效: Ab12Cd34' }), LinkNotResolvableError],
    ['70034 风险 (a permission, not retried)', err({ error_code: 70034, error_msg: '当前用户或应用存在风险，禁止调用！', sub_code: '70034' }), PlatformPermissionError],
    ['链接已失效 under 参数错误', err({ error_code: 10000, error_msg: '参数错误', sub_msg: '推广链接已失效' }), LinkNotResolvableError],
    ['an unknown type', err({ error_msg: '公共参数错误:type', sub_msg: '', sub_code: null, error_code: 10001, request_id: '15440104776643887' }), PlatformRequestError],
    ['a code never seen', err({ error_code: 99999, error_msg: '未知错误' }), PlatformRequestError],
    ['an error_response without a code', err({ error_msg: 'boom' }), PlatformResponseError],
    ['an error_response that is a string', err('boom'), PlatformResponseError],
    ['a JSON array', [], PlatformResponseError],
    ['JSON null', null, PlatformResponseError],
    ['a string', 'ok', PlatformResponseError],
  ])('%s', (_label, body, expected) => {
    const error = errorOf(body)
    expect(error).toBeInstanceOf(expected)
    expect((error as { platform: string }).platform).toBe('pdd')
  })

  it('puts method, codes, messages and request id in the message and on the error', () => {
    const error = errorOf(
      err({ error_code: 10000, error_msg: '参数错误', sub_code: 10000, sub_msg: 'pid不能为空', request_id: '15440104776643887' }),
    ) as PlatformRequestError
    expect(error.message).toBe(
      'pdd pdd.ddk.goods.search failed: error_code 10000 参数错误; sub_code 10000 pid不能为空; request_id 15440104776643887',
    )
    expect(error.code).toBe(10000)
    expect(error.subCode).toBe('10000')
    expect(error.requestId).toBe('15440104776643887')
  })

  it('marks only rate limits and outages retryable', () => {
    expect((errorOf(err({ error_code: 70031 })) as PlatformRateLimitedError).retryable).toBe(true)
    expect((errorOf(err({ error_code: 50000 })) as PlatformUnavailableError).retryable).toBe(true)
    expect((errorOf(err({ error_code: 20004 })) as PlatformAuthError).retryable).toBe(false)
    expect((errorOf(err({ error_code: 70036 })) as PlatformPermissionError).retryable).toBe(false)
    expect((errorOf(err({ error_code: 20031 })) as PlatformPermissionError).api).toBe(METHOD)
  })

  it('returns a success body untouched', () => {
    const body = { goods_search_response: { goods_list: [], total_count: 0 } }
    expect(readPddEnvelope(METHOD, body)).toBe(body)
  })
})

describe(parsePddResult.name, () => {
  const schema = z.object({ total_count: z.number() })

  it('returns the validated root object', () => {
    expect(parsePddResult(METHOD, { goods_search_response: { total_count: 3, extra: 1 } }, 'goods_search_response', schema)).toEqual({
      total_count: 3,
    })
  })

  it.each([
    ['a missing root key', { other_response: {} }, /has no goods_search_response \(keys: other_response\)/],
    ['a wrong field type', { goods_search_response: { total_count: '3' } }, /unexpected goods_search_response \(total_count: /],
  ])('rejects %s', (_label, body, message) => {
    expect(() => parsePddResult(METHOD, body, 'goods_search_response', schema)).toThrow(PlatformResponseError)
    expect(() => parsePddResult(METHOD, body, 'goods_search_response', schema)).toThrow(message)
  })
})
