import { describe, expect, it } from 'vitest'
import { compactParams, signingBase, signParams } from '../../../src/platforms/sign.js'

// Vectors from ../shared/reference/cps-platforms.md (§1.3, §3.1, §4.1).
const top = {
  app_key: '12345678',
  format: 'json',
  method: 'taobao.tbk.tpwd.create',
  sign_method: 'md5',
  timestamp: '2024-01-01 12:00:00',
  url: 'https://s.click.taobao.com/abc',
  v: '2.0',
}

describe(signParams.name, () => {
  it.each([
    ['md5', top, 'test-secret', 'md5', '0A68877DFDDBDA59AD11D035F3074A27'],
    ['hmac', { ...top, sign_method: 'hmac' }, 'test-secret', 'hmac', 'A9D32D8C202C740E6002BDD5041C54A7'],
    [
      'hmac-sha256',
      { ...top, sign_method: 'hmac-sha256' },
      'test-secret',
      'hmac-sha256',
      '66CC1F6FB51E3A8935DEAFB3CF4BF50D4FB8ACC70CE161A082AEBD04B4F61021',
    ],
    [
      'jd md5',
      {
        method: 'jd.union.open.order.row.query',
        app_key: 'abc',
        timestamp: '2024-01-01 12:00:00',
        format: 'json',
        v: '1.0',
        sign_method: 'md5',
        '360buy_param_json':
          '{"orderReq":{"pageIndex":1,"pageSize":20,"type":3,"startTime":"2024-01-01 11:00:00","endTime":"2024-01-01 12:00:00"}}',
      },
      'jd-secret',
      'md5',
      'B6EC56C4424D33D5541A9DF9B5C29B8B',
    ],
    [
      'pdd md5 (UTF-8 values)',
      { type: 'pdd.ddk.goods.search', client_id: 'cid', timestamp: '1704081600', data_type: 'JSON', keyword: '耳机', pid: '1_2' },
      'pdd-secret',
      'md5',
      'CAF4D0FC8E9D6FE7909682085CC653BB',
    ],
  ] as const)('%s', (_name, params, secret, method, expected) => {
    expect(signParams(params, secret, method)).toBe(expected)
  })

  it('ignores an existing sign and empty values, as the official SDKs do', () => {
    const withNoise = { ...top, sign: 'WHATEVER', session: '' }
    expect(signParams(withNoise, 'test-secret')).toBe('0A68877DFDDBDA59AD11D035F3074A27')
  })

  it('changes when any value changes', () => {
    expect(signParams({ ...top, url: 'https://s.click.taobao.com/abd' }, 'test-secret')).not.toBe('0A68877DFDDBDA59AD11D035F3074A27')
  })
})

describe(signingBase.name, () => {
  it('sorts keys by code unit, so digits sort before letters', () => {
    expect(signingBase({ b: '2', a: '1', '360buy_param_json': '{}' })).toBe('360buy_param_json{}a1b2')
  })
})

describe(compactParams.name, () => {
  it('drops undefined and empty values and stringifies the rest', () => {
    expect(compactParams({ a: 1, b: undefined, c: '', d: true, e: 'x' })).toEqual({ a: '1', d: 'true', e: 'x' })
  })
})
