import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JdPlatform } from '../../../src/platforms/jd/jd.platform.js'
import { SIM_CREDENTIALS } from '../../../src/simulator/sim-state.js'

/** A bare gateway that records each form it receives and answers a fixed promotion link. */
let server: Server
let gateway = ''
const received: Record<string, string>[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    req.on('end', () => {
      received.push({ 'content-type': req.headers['content-type'] ?? '', ...Object.fromEntries(new URLSearchParams(body)) })
      const result = { code: 200, message: 'success', data: { shortURL: 'https://u.jd.com/AbCd1234' }, requestId: 'r1' }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ jd_union_open_promotion_bysubunionid_get_responce: { code: '0', getResult: JSON.stringify(result) } }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  gateway = `http://127.0.0.1:${(server.address() as AddressInfo).port}/routerjson`
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

describe('JdPlatform request', () => {
  it('posts exactly the signed JOS form fields', async () => {
    const jd = new JdPlatform({
      ...SIM_CREDENTIALS.jd,
      gateway,
      timeoutMs: 500,
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      now: () => new Date('2024-01-01T04:00:00Z'),
      positionId: '1631770896',
    })
    const link = await jd.getPromotionLink({ materialId: 'https://item.jd.com/100012043978.html', subUnionId: 'u_42' })
    expect(link).toEqual({ shortURL: 'https://u.jd.com/AbCd1234' })
    expect(received).toEqual([
      {
        'content-type': 'application/x-www-form-urlencoded;charset=utf-8',
        method: 'jd.union.open.promotion.bysubunionid.get',
        app_key: 'simjdappkey0001',
        timestamp: '2024-01-01 12:00:00',
        format: 'json',
        v: '1.0',
        sign_method: 'md5',
        '360buy_param_json':
          '{"promotionCodeReq":{"materialId":"https://item.jd.com/100012043978.html","subUnionId":"u_42","positionId":1631770896,"chainType":3}}',
        sign: '6C1A3AFC3F1417DD60F84B93DF3C4642',
      },
    ])
  })
})
