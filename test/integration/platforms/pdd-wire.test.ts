import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { PlatformAuthError, PlatformRateLimitedError } from '../../../src/platforms/platform-errors.js'
import { PddPlatform } from '../../../src/platforms/pdd/pdd.platform.js'

/** A gateway stand-in that records each request and answers with the next queued body. */
let server: Server
let gateway: string
const requests: { contentType: string | undefined; form: Record<string, string> }[] = []
let answers: unknown[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      requests.push({
        contentType: req.headers['content-type'],
        form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
      })
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(answers.shift() ?? { error_response: { error_code: 50000, error_msg: 'no answer queued' } }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  gateway = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/router`
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

beforeEach(() => {
  requests.length = 0
  answers = []
})

function adapter(): PddPlatform {
  let clock = Date.parse('2024-01-01T04:00:00Z')
  return new PddPlatform({
    appKey: 'cid',
    secret: 'pdd-secret',
    pid: '1949211_49329093',
    gateway,
    timeoutMs: 500,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    // Each attempt reads the clock once; one second per read shows the re-signing.
    now: () => new Date((clock += 1000) - 1000),
  })
}

describe('PddPlatform on the wire', () => {
  it('POSTs exactly the signed form fields', async () => {
    answers.push({ goods_promotion_url_generate_response: { goods_promotion_url_list: [{ url: 'https://mobile.yangkeduo.com/x', short_url: 'https://p.pinduoduo.com/Ab' }] } })
    await adapter().generatePromotionUrl('c9r2omogKFFAc7WBwvbZU1ikIb16_J3CTa8HNN', 'u_123')
    expect(requests).toHaveLength(1)
    expect(requests[0]?.contentType).toMatch(/^application\/x-www-form-urlencoded/)
    expect(requests[0]?.form).toEqual({
      type: 'pdd.ddk.goods.promotion.url.generate',
      client_id: 'cid',
      timestamp: '1704081600',
      data_type: 'JSON',
      version: 'V1',
      p_id: '1949211_49329093',
      goods_sign_list: '["c9r2omogKFFAc7WBwvbZU1ikIb16_J3CTa8HNN"]',
      custom_parameters: '{"uid":"u_123"}',
      generate_short_url: 'true',
      sign: '6AC038EEEC5A7A37177D3AE06B1D4EF8',
    })
  })

  it('sends an auth failure exactly once', async () => {
    answers.push({ error_response: { error_msg: '签名验证失败', sub_msg: '签名验证失败', sub_code: '20004', error_code: 20004, request_id: '17043503757231146' } })
    await expect(adapter().searchGoods(['x'])).rejects.toThrow(PlatformAuthError)
    expect(requests).toHaveLength(1)
  })

  it('re-signs every retry with a fresh timestamp', async () => {
    const limited = { error_response: { error_code: 70031, error_msg: '调用过于频繁', sub_code: '70031', sub_msg: '限流' } }
    answers.push(limited, limited, limited)
    await expect(adapter().searchGoods(['x'])).rejects.toThrow(PlatformRateLimitedError)
    expect(requests.map((r) => r.form.timestamp)).toEqual(['1704081600', '1704081601', '1704081602'])
    expect(new Set(requests.map((r) => r.form.sign)).size).toBe(3)
  })
})
