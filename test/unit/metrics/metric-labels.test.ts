import { describe, expect, it } from 'vitest'
import { accountLabel, botLabel, clickActionLabel, errorCodeLabel, ledgerKindLabel, methodLabel } from '../../../src/metrics/metric-labels.js'
import {
  PlatformRateLimitedError,
  PlatformRequestError,
  PlatformUnavailableError,
} from '../../../src/platforms/platform-errors.js'

describe('metric labels stay in bounded sets', () => {
  it.each([
    ['main', 'main'],
    ['shop-2_b', 'shop-2_b'],
    [undefined, 'other'],
    ['', 'other'],
    ['有中文', 'other'],
    ['a'.repeat(65), 'other'],
    ['x"}\nfake 1', 'other'],
  ])('account %j → %s', (account, label) => expect(accountLabel(account)).toBe(label))

  it.each([
    ['taobao.tbk.dg.general.link.convert', 'taobao.tbk.dg.general.link.convert'],
    ['jd.union.open.promotion.bysubunionid.get', 'jd.union.open.promotion.bysubunionid.get'],
    ['pdd.ddk.goods.zs.unit.url.gen', 'pdd.ddk.goods.zs.unit.url.gen'],
    ['bad method with spaces', 'other'],
    ['m'.repeat(81), 'other'],
  ])('method %s → %s', (method, label) => expect(methodLabel(method)).toBe(label))

  it.each([
    ['a platform code', new PlatformRequestError('taobao', 'bad', { code: 15, subCode: 'isv.missing-parameter' }), '15'],
    ['an HTTP status', new PlatformRateLimitedError('jd', '429', { code: 429 }), '429'],
    ['a string code', new PlatformRequestError('pdd', 'x', { code: 'isp.top-remote-connection-timeout' }), 'isp.top-remote-connection-timeout'],
    ['no code: a timeout or broken connection', new PlatformUnavailableError('jd', 'gateway timed out after 300 ms'), 'transport'],
    ['a code with free text', new PlatformRequestError('jd', 'x', { code: '系统繁忙 please retry' }), 'other'],
    ['not a platform error (our bug)', new TypeError('x is undefined'), 'internal'],
    ['not an error at all', 'boom', 'internal'],
  ])('error code of %s', (_what, error, label) => expect(errorCodeLabel(error)).toBe(label))

  it.each([
    ['view', 'view'],
    ['copy', 'copy'],
    ['open', 'open'],
    ['delete', 'other'],
  ])('click action %s → %s', (action, label) => expect(clickActionLabel(action)).toBe(label))

  it('bot flag', () => {
    expect(botLabel(true)).toBe('yes')
    expect(botLabel(false)).toBe('no')
  })

  it.each([
    ['buyer:pending', 'buyer:pending'],
    ['group_owner:settle', 'group_owner:settle'],
    ['withdrawal:hold', 'withdrawal:hold'],
    ['Buyer:Pending', 'other'],
    ['a:b:c', 'other'],
  ])('ledger kind %s → %s', (kind, label) => expect(ledgerKindLabel(kind)).toBe(label))
})
