import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { JdPlatform } from '../../../src/platforms/jd/jd.platform.js'
import { PlatformAuthError, PlatformRequestError, PlatformResponseError } from '../../../src/platforms/platform-errors.js'
import { SIM_CREDENTIALS } from '../../../src/simulator/sim-state.js'

/** A bare gateway that records each form and answers whatever queryResult the test sets. */
let server: Server
let gateway = ''
let queryResult: unknown = {}
const received: Record<string, string>[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    req.on('end', () => {
      received.push(Object.fromEntries(new URLSearchParams(body)))
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ jd_union_open_order_row_query_responce: { code: '0', queryResult: JSON.stringify(queryResult) } }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  gateway = `http://127.0.0.1:${(server.address() as AddressInfo).port}/routerjson`
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

beforeEach(() => {
  received.length = 0
})

const jd = (): JdPlatform =>
  new JdPlatform({
    ...SIM_CREDENTIALS.jd,
    gateway,
    timeoutMs: 500,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    now: () => new Date('2026-03-10T04:00:00Z'),
  })

const WINDOW = { start: new Date('2026-03-10T02:00:00.250Z'), end: new Date('2026-03-10T03:00:00.250Z') }

describe('JdPlatform.fetchOrderPage on the wire', () => {
  it('asks order.row.query by update time for the Beijing-time window, 200 a page', async () => {
    queryResult = { code: 200, message: 'success', hasMore: false, requestId: 'r1' }
    expect(await jd().fetchOrderPage(WINDOW, undefined)).toEqual({ orders: [], rejected: [], nextCursor: undefined })
    expect(received).toEqual([
      expect.objectContaining({
        method: 'jd.union.open.order.row.query',
        timestamp: '2026-03-10 12:00:00',
        '360buy_param_json':
          '{"orderReq":{"pageIndex":1,"pageSize":200,"type":3,"startTime":"2026-03-10 10:00:00","endTime":"2026-03-10 11:00:00"}}',
      }),
    ])
  })

  it('asks for the page its cursor names', async () => {
    queryResult = { code: 200, message: 'success', hasMore: false, requestId: 'r1' }
    const cursor = JSON.stringify({ pageIndex: 3, startTime: '2026-03-10 10:00:00', endTime: '2026-03-10 11:00:00' })
    await jd().fetchOrderPage(WINDOW, cursor)
    expect(received[0]?.['360buy_param_json']).toContain('"pageIndex":3,')
  })

  it.each([
    [2002401, 'token不合法', PlatformAuthError],
    [2002403, '无访问权限', PlatformAuthError],
    [2002453, '查询时间范围超过规定限制', PlatformRequestError],
    [2002452, '单位时间订单量超过10000', PlatformRequestError],
  ])('turns business code %i (%s) into %o, without retrying', async (code, message, Kind) => {
    queryResult = { code, message, requestId: 'r2' }
    await expect(jd().fetchOrderPage(WINDOW, undefined)).rejects.toThrow(Kind)
    expect(received).toHaveLength(1)
  })

  it('fails the page when data is not a list', async () => {
    queryResult = { code: 200, message: 'success', data: { rows: [], more: [] }, hasMore: false, requestId: 'r3' }
    await expect(jd().fetchOrderPage(WINDOW, undefined)).rejects.toThrow(PlatformResponseError)
  })
})
