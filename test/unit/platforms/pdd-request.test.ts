import { describe, expect, it } from 'vitest'
import { buildPddForm, serializePddValue } from '../../../src/platforms/pdd/pdd-request.js'
import { signParams } from '../../../src/platforms/sign.js'

const KEYS = { clientId: 'cid', secret: 'pdd-secret' }
const NOW = new Date('2024-01-01T04:00:00Z')

describe(buildPddForm.name, () => {
  it('sends the system params, JSON-serialized lists, lower-case booleans and the md5 sign', () => {
    const form = buildPddForm(
      'pdd.ddk.goods.promotion.url.generate',
      {
        p_id: '1949211_49329093',
        goods_sign_list: ['c9r2omogKFFAc7WBwvbZU1ikIb16_J3CTa8HNN'],
        custom_parameters: '{"uid":"u_123"}',
        search_id: undefined,
        generate_short_url: true,
      },
      KEYS,
      NOW,
    )
    expect(form).toEqual({
      type: 'pdd.ddk.goods.promotion.url.generate',
      client_id: 'cid',
      timestamp: '1704081600',
      data_type: 'JSON',
      version: 'V1',
      p_id: '1949211_49329093',
      goods_sign_list: '["c9r2omogKFFAc7WBwvbZU1ikIb16_J3CTa8HNN"]',
      custom_parameters: '{"uid":"u_123"}',
      generate_short_url: 'true',
      // UPPER(MD5(secret + sorted k+v + secret)), computed by hand from the string above.
      sign: '6AC038EEEC5A7A37177D3AE06B1D4EF8',
    })
  })

  it('re-signs with a new timestamp every second', () => {
    const first = buildPddForm('pdd.ddk.goods.search', { pid: '1_2' }, KEYS, NOW)
    const later = buildPddForm('pdd.ddk.goods.search', { pid: '1_2' }, KEYS, new Date(NOW.getTime() + 1000))
    expect(later.timestamp).toBe('1704081601')
    expect(later.sign).not.toBe(first.sign)
  })

  it('does not let a business param override a system param', () => {
    const form = buildPddForm('pdd.ddk.goods.search', { type: 'other', client_id: 'x' }, KEYS, NOW)
    expect(form.type).toBe('pdd.ddk.goods.search')
    expect(form.client_id).toBe('cid')
  })
})

describe('PDD signing vector (reference §4.1, self-computed)', () => {
  it('matches CAF4D0FC…', () => {
    const params = {
      type: 'pdd.ddk.goods.search',
      client_id: 'cid',
      timestamp: '1704081600',
      data_type: 'JSON',
      keyword: '耳机',
      pid: '1_2',
    }
    expect(signParams(params, 'pdd-secret', 'md5')).toBe('CAF4D0FC8E9D6FE7909682085CC653BB')
  })
})

describe(serializePddValue.name, () => {
  it.each([
    ['a string', 'x', 'x'],
    ['a number', 100, '100'],
    ['true', true, 'true'],
    ['false', false, 'false'],
    ['a list', ['1_2', '3_4'], '["1_2","3_4"]'],
    ['an object', { uid: 'u1' }, '{"uid":"u1"}'],
    ['null', null, undefined],
    ['undefined', undefined, undefined],
  ] as const)('%s', (_label, value, expected) => {
    expect(serializePddValue(value)).toBe(expected)
  })
})
