import { describe, expect, it } from 'vitest'
import type { JdResult } from '../../../src/platforms/jd/jd-envelope.js'
import { decodeJdOrderCursor, encodeJdOrderCursor } from '../../../src/platforms/jd/jd-order-cursor.js'
import { readJdOrderPage } from '../../../src/platforms/jd/jd-order-page.js'
import { JD_ORDER_MAX_WINDOW_MS, jdOrderReq, jdOrderWindow } from '../../../src/platforms/jd/jd-order-request.js'
import { PlatformRequestError, PlatformResponseError } from '../../../src/platforms/platform-errors.js'

const WINDOW = { startTime: '2026-03-10 10:00:00', endTime: '2026-03-10 11:00:00' }

const row = (id: number, patch: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: String(900_000_000_000_000 + id),
  orderId: 300_000_000_000 + id,
  orderTime: '2026-03-10 10:00:00',
  finishTime: '',
  modifyTime: '2026-03-10 10:30:00',
  skuId: 100012043978,
  skuName: '小米充电宝',
  skuNum: 1,
  estimateCosPrice: 99,
  estimateFee: 4.95,
  actualFee: 0,
  validCode: 16,
  payMonth: 0,
  subUnionId: `u_${id}`,
  ...patch,
})

const result = (data: unknown, hasMore?: boolean): JdResult => ({ code: 200, message: 'success', data, hasMore, requestId: 'r1' })

const read = (data: unknown, hasMore?: boolean, pageIndex = 1): ReturnType<typeof readJdOrderPage> =>
  readJdOrderPage(result(data, hasMore), { window: WINDOW, pageIndex, today: 20260310 })

describe(readJdOrderPage.name, () => {
  it('keeps the good rows of a page, rejects the bad ones with their raw row, and drops 待付款', () => {
    const bad = row(2, { estimateFee: '1e2' })
    const unknown = row(4, { validCode: 77 })
    const page = read([row(1), bad, row(3, { validCode: 15 }), unknown, 'junk', row(5, { validCode: 17, payMonth: 20260420 })], false)
    expect(page.orders.map((order) => [order.subOrderId, order.status])).toEqual([
      ['900000000000001', 'paid'],
      ['900000000000005', 'received'],
    ])
    expect(page.rejected).toEqual([
      { reason: expect.stringContaining('estimateFee'), raw: bad, orderId: expect.any(String), field: 'estimateFee' },
      { reason: 'unknown validCode 77', raw: unknown, orderId: expect.any(String), field: 'validCode' },
      { reason: expect.stringContaining('(row)'), raw: 'junk', orderId: undefined, field: '(row)' },
    ])
    expect(page.nextCursor).toBeUndefined()
  })

  it('follows hasMore with a cursor for the next pageIndex of the same window', () => {
    const page = read([row(1)], true, 3)
    expect(page.nextCursor).toBeDefined()
    expect(JSON.parse(page.nextCursor ?? '')).toEqual({ pageIndex: 4, ...WINDOW })
  })

  it('falls back to "a full page means more" when hasMore is missing', () => {
    const full = Array.from({ length: 200 }, (_, i) => row(i))
    expect(read(full).nextCursor).toBeDefined()
    expect(read(full.slice(1)).nextCursor).toBeUndefined()
  })

  it('ends the window on an empty page even when it claims more', () => {
    expect(read([], true)).toEqual({ orders: [], rejected: [], nextCursor: undefined })
  })

  it.each([null, undefined])('reads data %j as an empty page', (data) => {
    expect(read(data, false)).toEqual({ orders: [], rejected: [], nextCursor: undefined })
  })

  it('reads rows wrapped in one key, as the docs\' examples show them (typed-jd-union-api order.row.query.json)', () => {
    expect(read({ orderRowResp: row(1) }, false).orders).toHaveLength(1)
    expect(read({ orderRowResp: [row(1), row(5)] }, false).orders).toHaveLength(2)
  })

  it.each([{ a: [], b: [] }, 'rows', 7])('fails the page when data %j is no list', (data) => {
    expect(() => read(data, false)).toThrow(PlatformResponseError)
  })
})

describe('JD order cursor', () => {
  it('round-trips the page of its window', () => {
    expect(decodeJdOrderCursor(encodeJdOrderCursor(WINDOW, 2), WINDOW)).toBe(2)
  })

  it('refuses a cursor of another window', () => {
    const other = { ...WINDOW, endTime: '2026-03-10 10:59:59' }
    expect(() => decodeJdOrderCursor(encodeJdOrderCursor(other, 2), WINDOW)).toThrow(PlatformRequestError)
  })

  it.each(['', 'page-2', '{"pageIndex":"2"}', '{"pageIndex":1,"startTime":"a","endTime":"b"}', '[]'])(
    'refuses the unreadable cursor %j',
    (cursor) => {
      expect(() => decodeJdOrderCursor(cursor, WINDOW)).toThrow(PlatformRequestError)
    },
  )
})

describe(jdOrderWindow.name, () => {
  const at = (iso: string): Date => new Date(iso)

  it('formats both ends in Beijing time, cut to the second', () => {
    expect(jdOrderWindow({ start: at('2026-03-10T02:00:00.999Z'), end: at('2026-03-10T03:00:00.999Z') })).toEqual(WINDOW)
  })

  it('takes exactly an hour and an empty window', () => {
    const start = at('2026-03-10T02:00:00Z')
    expect(() => jdOrderWindow({ start, end: new Date(start.getTime() + JD_ORDER_MAX_WINDOW_MS) })).not.toThrow()
    expect(() => jdOrderWindow({ start, end: start })).not.toThrow()
  })

  it.each([
    ['longer than an hour', at('2026-03-10T02:00:00Z'), at('2026-03-10T03:00:00.001Z')],
    ['backwards', at('2026-03-10T03:00:00Z'), at('2026-03-10T02:00:00Z')],
    ['with an invalid date', at('2026-03-10T02:00:00Z'), new Date(Number.NaN)],
  ])('refuses a window %s', (_, start, end) => {
    expect(() => jdOrderWindow({ start, end })).toThrow(PlatformRequestError)
  })

  it('asks by update time (type 3), 200 rows a page', () => {
    expect(jdOrderReq(WINDOW, 2)).toEqual({ pageIndex: 2, pageSize: 200, type: 3, ...WINDOW })
  })
})
