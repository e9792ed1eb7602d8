import { describe, expect, it } from 'vitest'
import { buildTaobaoForm } from '../../../src/platforms/taobao/taobao-request.js'
import { SIM_CREDENTIALS, SimState } from '../../../src/simulator/sim-state.js'
import { findMaterialRef } from '../../../src/simulator/taobao/taobao-material-ref.js'
import { taobaoSim } from '../../../src/simulator/taobao/taobao.sim.js'

const NOW = new Date('2026-03-01T00:00:00Z')
const signer = { ...SIM_CREDENTIALS.taobao, signMethod: 'md5' as const }

function errorCode(params: Record<string, string>): unknown {
  const body = taobaoSim.handle(params, new SimState()).body as { error_response?: { code: number } }
  return body.error_response?.code
}

describe('taobaoSim gateway checks', () => {
  const good = buildTaobaoForm('taobao.tbk.item.info.upgrade.get', { item_id: 'x' }, signer, NOW)
  const without = (key: string): Record<string, string> =>
    Object.fromEntries(Object.entries(good).filter(([k]) => k !== key))
  const resigned = (changes: Record<string, string>) =>
    buildTaobaoForm('taobao.tbk.item.info.upgrade.get', { item_id: 'x', ...changes }, signer, NOW)

  it.each<[string, Record<string, string>, number | undefined]>([
    ['a well-signed call', good, undefined],
    ['no method', without('method'), 21],
    ['no app key', without('app_key'), 28],
    ['another app key', { ...good, app_key: '1' }, 29],
    ['an unknown method', { ...good, method: 'taobao.tbk.nothing' }, 22],
    ['no timestamp', without('timestamp'), 30],
    ['a malformed timestamp', { ...good, timestamp: '2026/03/01' }, 31],
    ['no version', without('v'), 32],
    ['another version', { ...good, v: '1.0' }, 34],
    ['xml format', { ...good, format: 'xml' }, 23],
    ['no signature', without('sign'), 24],
    ['a tampered param', { ...good, item_id: 'y' }, 25],
    ['an unknown sign method', { ...good, sign_method: 'sha1' }, 25],
    ['a missing business param', resigned({ item_id: '' }), 40],
  ])('answers %s with error code %s', (_name, params, code) => expect(errorCode(params)).toBe(code))

  it.each(['rate-limit', 'unavailable'] as const)('answers the %s fault in TOP shape', (fault) => {
    const body = taobaoSim.faultResponse(fault).body as { error_response: { code: number; sub_code: string } }
    expect(body.error_response).toMatchObject(
      fault === 'rate-limit' ? { code: 7, sub_code: 'accesscontrol.limited' } : { code: 15, sub_code: expect.stringMatching(/^isp\./) },
    )
  })
})

describe(findMaterialRef.name, () => {
  it.each<[string, ReturnType<typeof findMaterialRef>]>([
    ['https://item.taobao.com/item.htm?spm=a1&id=654321987', { kind: 'item', itemKey: '654321987' }],
    ['detail.tmall.com/item.htm?id=654321987&skuId=1', { kind: 'item', itemKey: '654321987' }],
    ['https://a.m.taobao.com/i654321987.htm', { kind: 'item', itemKey: '654321987' }],
    ['https://s.click.taobao.com/AbCdEf12', { kind: 'short', reference: 'AbCdEf12' }],
    ['https://uland.taobao.com/coupon/edetail?e=XyZ123&af=1', { kind: 'short', reference: 'XyZ123' }],
    ['【淘宝】https://m.tb.cn/h.5zxz3j69?tk=XUymWKIqxIz MF6563 「T恤」', { kind: 'short', reference: 'XUymWKIqxIz' }],
    ['看看 https://e.tb.cn/h.gYyo4OStf9RoxOh 吧', { kind: 'short', reference: 'h.gYyo4OStf9RoxOh' }],
    ['復·制这段描述￥anzcbFYCKxj￥后咑閞', { kind: 'code', code: 'anzcbFYCKxj' }],
    ['5fu😄質3$FbOzd8kUAFb$:// ZH9102,打開/', { kind: 'code', code: 'FbOzd8kUAFb' }],
    ['(Smh4X47XhR9)', { kind: 'code', code: 'Smh4X47XhR9' }],
    ['AbCdEfGhIjK', { kind: 'code', code: 'AbCdEfGhIjK' }],
    ['￥AbCdEfGhIjK￥ then https://s.click.taobao.com/later', { kind: 'code', code: 'AbCdEfGhIjK' }],
    ['https://item.taobao.com/item.htm?spm=a1', undefined],
    ['12345678901', undefined],
    ['没有链接', undefined],
  ])('%s', (text, expected) => expect(findMaterialRef(text)).toEqual(expected))
})
