import { describe, expect, it } from 'vitest'
import { isShortCode, landingUrl, newShortCode } from '../../../src/landing/short-code.js'
import { isWeChatBrowser } from '../../../src/landing/wechat-browser.js'

describe(newShortCode.name, () => {
  it('draws 12 base62 characters, every character of the alphabet in use, no repeats in 5,000', () => {
    const codes = Array.from({ length: 5000 }, newShortCode)
    for (const code of codes) expect(code).toMatch(/^[0-9A-Za-z]{12}$/)
    expect(new Set(codes).size).toBe(codes.length)
    const seen = new Set(codes.join(''))
    expect(seen.size).toBe(62)
  })

  it('is not biased towards the start of the alphabet (each character ~1/62 of 60,000 draws)', () => {
    const counts = new Map<string, number>()
    for (const ch of Array.from({ length: 5000 }, newShortCode).join('')) counts.set(ch, (counts.get(ch) ?? 0) + 1)
    const expected = 60_000 / 62
    for (const n of counts.values()) expect(Math.abs(n - expected)).toBeLessThan(expected * 0.15)
  })
})

describe(isShortCode.name, () => {
  it.each([
    ['Ab3dEf6hIj8k', true],
    ['0123456789', true],
    ['012345678', false],
    ['Ab3dEf6hIj8k-', false],
    ['Ab3dEf6hIj8k/..', false],
    ['<script>aaaaa', false],
    ['ＡＢＣＤＥＦＧＨＩＪ', false],
    ['A'.repeat(33), false],
  ])('%s → %s', (code, ok) => expect(isShortCode(code)).toBe(ok))
})

describe('landing links and user agents', () => {
  it('joins the base and the code', () => expect(landingUrl('https://go.example.com', 'Ab3dEf6hIj8k')).toBe('https://go.example.com/s/Ab3dEf6hIj8k'))
  it.each([
    ['Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI', true],
    ['Mozilla/5.0 (Linux; Android 13) Chrome/116 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560 WeChat/arm64', true],
    ['Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1', false],
    ['', false],
  ])('%s in WeChat: %s', (ua, inWeChat) => expect(isWeChatBrowser(ua)).toBe(inWeChat))
})
