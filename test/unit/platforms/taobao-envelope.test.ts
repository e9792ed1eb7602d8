import { describe, expect, it } from 'vitest'
import {
  ItemNotPromotableError,
  LinkNotResolvableError,
  OrderWindowTooLongError,
  PlatformAuthError,
  type PlatformError,
  PlatformPermissionError,
  PlatformRateLimitedError,
  PlatformRequestError,
  PlatformResponseError,
  PlatformUnavailableError,
} from '../../../src/platforms/platform-errors.js'
import { readTaobaoEnvelope, responseRootKey } from '../../../src/platforms/taobao/taobao-envelope.js'
import { TaobaoNumericIdError } from '../../../src/platforms/taobao/taobao-error.js'

const METHOD = 'taobao.tbk.dg.general.link.convert'

type ErrorClass = abstract new (...args: never[]) => PlatformError

function caught(fn: () => unknown): PlatformError {
  try {
    fn()
  } catch (error) {
    return error as PlatformError
  }
  throw new Error('expected a throw')
}

const errorResponse = (fields: Record<string, unknown>) => ({ error_response: { request_id: 'req-1', ...fields } })

describe(responseRootKey.name, () => {
  it.each([
    ['taobao.tbk.tpwd.create', 'tbk_tpwd_create_response'],
    ['taobao.tbk.dg.general.link.convert', 'tbk_dg_general_link_convert_response'],
    ['taobao.tbk.item.info.upgrade.get', 'tbk_item_info_upgrade_get_response'],
  ])('%s → %s', (method, key) => expect(responseRootKey(method)).toBe(key))
})

describe(readTaobaoEnvelope.name, () => {
  it('returns the success root', () => {
    const root = { data: { x: 1 }, request_id: 'abc' }
    expect(readTaobaoEnvelope(METHOD, { tbk_dg_general_link_convert_response: root })).toEqual(root)
  })

  const errorCases: Array<[string, Record<string, unknown>, ErrorClass]> = [
    ['7 app call limited', { code: 7, msg: 'App Call Limited', sub_code: 'accesscontrol.limited' }, PlatformRateLimitedError],
    ['flow limit sub code', { code: 15, msg: 'Remote service error', sub_code: 'isp.flow-limit' }, PlatformRateLimitedError],
    ['15 with isp sub code', { code: 15, msg: 'Remote service error', sub_code: 'isp.remote-service-error' }, PlatformUnavailableError],
    ['10 service unavailable', { code: 10, msg: 'Service currently unavailable', sub_code: 'isp.remote-service-timeout' }, PlatformUnavailableError],
    ['15 without sub code', { code: 15, msg: 'Remote service error' }, PlatformUnavailableError],
    ['isp under another code', { code: 520, msg: 'Remote service error', sub_code: 'isp.top-remote-connection-timeout' }, PlatformUnavailableError],
    ['25 invalid signature', { code: 25, msg: 'Invalid signature' }, PlatformAuthError],
    ['29 invalid app key', { code: 29, msg: 'Invalid app key' }, PlatformAuthError],
    ['27 invalid session', { code: 27, msg: 'Invalid session', sub_code: 'invalid-sessionkey' }, PlatformAuthError],
    ['11 insufficient permissions', { code: 11, msg: 'Insufficient isv permissions', sub_code: 'isv.permission-api-package-limit' }, PlatformAuthError],
    ['40 missing argument', { code: 40, msg: 'Missing required arguments:adzone_id' }, PlatformRequestError],
    ['41 invalid argument', { code: 41, msg: 'Invalid arguments:adzone_id' }, PlatformRequestError],
    ['22 invalid method', { code: 22, msg: 'Invalid method' }, PlatformRequestError],
    ['15 isv parameter error', { code: 15, msg: 'Remote service error', sub_code: 'isv.invalid-parameter', sub_msg: 'url 不合法' }, PlatformRequestError],
    ['15 isv not promotable', { code: 15, msg: 'Remote service error', sub_code: 'isv.item-error', sub_msg: '该商品不支持推广' }, ItemNotPromotableError],
    ['15 isv expired 口令', { code: 15, msg: 'Remote service error', sub_code: 'isv.tpwd-error', sub_msg: '口令已失效' }, LinkNotResolvableError],
    ['string code', { code: '25', msg: 'Invalid signature' }, PlatformAuthError],
    ['unknown code', { code: 999, msg: 'Something new' }, PlatformRequestError],
    ['isv.item-not-exist', { code: 15, msg: 'Remote service error', sub_code: 'isv.item-not-exist', sub_msg: '该item_id对应宝贝已下架或非淘客宝贝' }, ItemNotPromotableError],
    ['isv.item-not-exist with a suffix', { code: 15, msg: 'Remote service error', sub_code: 'isv.item-not-exist:invalid-numIid' }, ItemNotPromotableError],
    ['-4003 numeric id', { code: 15, msg: 'Remote service error', sub_code: '-4003', sub_msg: '您输入的商品ID不合法，请使用升级后的新商品ID' }, TaobaoNumericIdError],
    ['isv.pid-not-correct', { code: 15, msg: 'Remote service error', sub_code: 'isv.pid-not-correct', sub_msg: 'site_id或adzone_id与登录账号不匹配' }, PlatformPermissionError],
    ['isv.invalid-parameter:adzone_id', { code: 15, msg: 'Remote service error', sub_code: 'isv.invalid-parameter:adzone_id' }, PlatformPermissionError],
    ['isp.tbkapi-service-unavailable', { code: 15, msg: 'Remote service error', sub_code: 'isp.tbkapi-service-unavailable', sub_msg: '内部服务不可用' }, PlatformUnavailableError],
    ['a time-span refusal outside the order APIs', { code: 15, msg: 'Remote service error', sub_code: 'isv.invalid-parameter', sub_msg: '查询时间跨度不能超过20分钟' }, PlatformRequestError],
  ]
  it.each(errorCases)('error_response %s → %s', (_name, fields, errorClass) => {
    const error = caught(() => readTaobaoEnvelope(METHOD, errorResponse(fields)))
    expect(error).toBeInstanceOf(errorClass)
    expect(error.code).toBe(fields.code)
    expect(error.subCode).toBe(fields.sub_code)
    expect(error.requestId).toBe('req-1')
  })

  it.each<[string, string, number]>([
    ['the big-sale 20 minutes', '大促期间查询时间跨度不能超过20分钟', 20 * 60_000],
    ['3 hours', '查询时间跨度不能超过3小时', 3 * 3_600_000],
    ['no length named', '查询时间跨度超过限制', 20 * 60_000],
  ])('turns an order API refusing the window (%s) into OrderWindowTooLongError', (_name, subMsg, maxWindowMs) => {
    const body = errorResponse({ code: 15, msg: 'Remote service error', sub_code: 'isv.invalid-parameter', sub_msg: subMsg })
    const error = caught(() => readTaobaoEnvelope('taobao.tbk.order.details.get', body))
    expect(error).toBeInstanceOf(OrderWindowTooLongError)
    expect((error as OrderWindowTooLongError).maxWindowMs).toBe(maxWindowMs)
    const refund = { tbk_order_refund_get_response: { biz_error_code: 102, biz_error_desc: subMsg, request_id: 'r' } }
    expect(caught(() => readTaobaoEnvelope('taobao.tbk.order.refund.get', refund))).toBeInstanceOf(OrderWindowTooLongError)
  })

  it('does not take a days limit (90天) for a window length', () => {
    const body = errorResponse({ code: 15, msg: 'Remote service error', sub_code: 'isv.invalid-parameter', sub_msg: '查询时间不能超过90天前' })
    expect(caught(() => readTaobaoEnvelope('taobao.tbk.order.details.get', body))).not.toBeInstanceOf(OrderWindowTooLongError)
  })

  it('writes an operator-readable message', () => {
    const error = caught(() =>
      readTaobaoEnvelope(METHOD, errorResponse({ code: 15, msg: 'Remote service error', sub_code: 'isp.busy', sub_msg: '系统繁忙' })),
    )
    expect(error.message).toBe(`${METHOD} failed: 15 Remote service error; isp.busy 系统繁忙 (request_id req-1)`)
  })

  const bizCases: Array<[string, Record<string, unknown>, ErrorClass]> = [
    ['in data, expired', { data: { biz_error_code: 10002, biz_error_desc: '链接已失效' } }, LinkNotResolvableError],
    ['at the root, not promotable', { biz_error_code: '3', biz_error_desc: '该商品不支持推广' }, ItemNotPromotableError],
    ['at the root, other', { biz_error_code: 500, result_msg: '推广位不存在' }, PlatformRequestError],
    ['biz_error_desc as an int64 code (万能转链)', { biz_error_desc: 30001, result_msg: '推广位无权限' }, PlatformRequestError],
    ['biz_error_desc as a numeric string', { biz_error_desc: '20001', result_msg: '链接已失效' }, LinkNotResolvableError],
  ]
  it.each(bizCases)('biz_error_code %s → %s', (_name, root, errorClass) => {
    const body = { tbk_dg_general_link_convert_response: { ...root, request_id: 'req-2' } }
    const error = caught(() => readTaobaoEnvelope(METHOD, body))
    expect(error).toBeInstanceOf(errorClass)
    expect(error.requestId).toBe('req-2')
  })

  it('lets biz_error_code 0 and biz_error_desc 0 through', () => {
    const root = { biz_error_code: 0, biz_error_desc: 0, result_msg: '成功', data: { biz_error_code: '0' } }
    expect(readTaobaoEnvelope(METHOD, { tbk_dg_general_link_convert_response: root })).toEqual(root)
  })

  it.each<[string, unknown]>([
    ['a string', 'OK'],
    ['an array', []],
    ['null', null],
    ['another method root', { tbk_tpwd_create_response: { data: {} } }],
    ['an error_response without code', { error_response: { msg: 'broken' } }],
    ['a root that is not an object', { tbk_dg_general_link_convert_response: 'x' }],
  ])('%s → PlatformResponseError', (_name, body) => {
    expect(caught(() => readTaobaoEnvelope(METHOD, body))).toBeInstanceOf(PlatformResponseError)
  })
})
