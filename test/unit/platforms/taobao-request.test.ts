import { describe, expect, it } from 'vitest'
import { PlatformRequestError } from '../../../src/platforms/platform-errors.js'
import { materialFor } from '../../../src/platforms/taobao/taobao-material.js'
import { buildTaobaoForm, topTimestamp } from '../../../src/platforms/taobao/taobao-request.js'
import type { SignMethod } from '../../../src/platforms/sign.js'

// The self-computed vector of the protocol reference §1.3; 12:00 GMT+8 is 04:00 UTC.
const NOW = new Date('2024-01-01T04:00:00Z')

describe(topTimestamp.name, () => {
  it.each([
    ['2024-01-01T04:00:00Z', '2024-01-01 12:00:00'],
    ['2024-12-31T16:30:05.999Z', '2025-01-01 00:30:05'],
  ])('%s → %s (GMT+8)', (iso, expected) => expect(topTimestamp(new Date(iso))).toBe(expected))
})

describe(buildTaobaoForm.name, () => {
  it.each<[SignMethod, string]>([
    ['md5', '0A68877DFDDBDA59AD11D035F3074A27'],
    ['hmac', 'A9D32D8C202C740E6002BDD5041C54A7'],
    ['hmac-sha256', '66CC1F6FB51E3A8935DEAFB3CF4BF50D4FB8ACC70CE161A082AEBD04B4F61021'],
  ])('sends exactly the system params, the business params and the %s signature', (signMethod, sign) => {
    const form = buildTaobaoForm(
      'taobao.tbk.tpwd.create',
      { url: 'https://s.click.taobao.com/abc' },
      { appKey: '12345678', secret: 'test-secret', signMethod },
      NOW,
    )
    expect(form).toEqual({
      method: 'taobao.tbk.tpwd.create',
      app_key: '12345678',
      timestamp: '2024-01-01 12:00:00',
      format: 'json',
      v: '2.0',
      sign_method: signMethod,
      url: 'https://s.click.taobao.com/abc',
      sign,
    })
  })

  it('drops empty business params and sends a session only when given', () => {
    const signer = { appKey: '1', secret: 's', signMethod: 'md5' as const }
    const plain = buildTaobaoForm('m', { a: '', b: undefined, c: 2 }, signer, NOW)
    expect(Object.keys(plain).sort()).toEqual(['app_key', 'c', 'format', 'method', 'sign', 'sign_method', 'timestamp', 'v'])
    expect(buildTaobaoForm('m', {}, { ...signer, session: 'tok' }, NOW).session).toBe('tok')
  })
})

describe(materialFor.name, () => {
  it.each<[string, Parameters<typeof materialFor>[0], string | undefined, string]>([
    ['an item link', { platform: 'taobao', itemId: '654321' }, undefined, 'https://item.taobao.com/item.htm?id=654321'],
    ['a short link', { platform: 'taobao', kind: 'short', url: 'https://m.tb.cn/h.5zxz3j69' }, undefined, 'https://m.tb.cn/h.5zxz3j69'],
    ['a share code', { platform: 'taobao', kind: 'code', code: 'AbCdEfGhIjK' }, undefined, '￥AbCdEfGhIjK￥'],
    [
      'pasted text holding the code, commas made spaces',
      { platform: 'taobao', kind: 'code', code: 'AbCdEfGhIjK' },
      ' 3￥AbCdEfGhIjK￥/ 「好物,特价」 ',
      '3￥AbCdEfGhIjK￥/ 「好物 特价」',
    ],
    [
      'pasted text holding the short link without its scheme',
      { platform: 'taobao', kind: 'short', url: 'https://m.tb.cn/h.5zxz3j69' },
      '【淘宝】m.tb.cn/h.5zxz3j69 「T恤」',
      '【淘宝】m.tb.cn/h.5zxz3j69 「T恤」',
    ],
    ['pasted text not holding the link', { platform: 'taobao', itemId: '654321' }, '看看这个', 'https://item.taobao.com/item.htm?id=654321'],
  ])('%s', (_name, link, pasted, expected) => expect(materialFor(link, pasted)).toBe(expected))

  it('refuses links of other platforms', () => {
    expect(() => materialFor({ platform: 'jd', itemId: '100012' })).toThrow(PlatformRequestError)
  })
})
