import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { newVisitorKey, visitorHash, visitorKey } from '../../../src/clicks/visitor-hash.js'

const UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 11_0 like Mac OS X) AppleWebKit/604.1.38 (KHTML, like Gecko) Mobile/15A372 MicroMessenger/7.0.17(0x17001127)'

describe('visitorHash', () => {
  it('is the first 32 hex characters of HMAC-SHA256(key, ip + newline + user agent)', () => {
    const hex = newVisitorKey()
    expect(hex).toMatch(/^[0-9a-f]{64}$/)
    const expected = createHmac('sha256', Buffer.from(hex, 'hex')).update(`203.0.113.7\n${UA}`).digest('hex').slice(0, 32)
    expect(visitorHash(visitorKey(hex), '203.0.113.7', UA)).toBe(expected)
    expect(visitorHash(Buffer.from(hex, 'hex'), '203.0.113.7', UA)).toBe(expected)
  })

  it('tells visitors apart by address, by user agent and by day key', () => {
    const key = visitorKey(newVisitorKey())
    const one = visitorHash(key, '203.0.113.7', UA)
    expect(visitorHash(key, '203.0.113.7', UA)).toBe(one)
    expect(visitorHash(key, '203.0.113.8', UA)).not.toBe(one)
    expect(visitorHash(key, '203.0.113.7', `${UA} NetType/WIFI`)).not.toBe(one)
    expect(visitorHash(visitorKey(newVisitorKey()), '203.0.113.7', UA)).not.toBe(one)
  })
})
