import { describe, expect, it } from 'vitest'
import type { OrderStatus } from '../../../src/platforms/order-feed.js'
import { PlatformRequestError, PlatformResponseError } from '../../../src/platforms/platform-errors.js'
import { uidFromCustomParameters } from '../../../src/platforms/pdd/pdd-custom-parameters-uid.js'
import { decodePddOrderCursor, encodePddOrderCursor } from '../../../src/platforms/pdd/pdd-order-cursor.js'
import { fetchPddOrderPage, type PddCall } from '../../../src/platforms/pdd/pdd-order-feed.js'
import { parsePddOrderRow } from '../../../src/platforms/pdd/pdd-order-row.js'
import { pddUpdateRange } from '../../../src/platforms/pdd/pdd-order-window.js'
import type { PddBusinessParams } from '../../../src/platforms/pdd/pdd-request.js'

/** Shaped like a recorded order_list entry (values invented). 1763596800 = 2025-11-20 08:00:00 GMT+8. */
const ROW = {
  order_sn: '251120-123456789012345',
  goods_sign: 'c9r2omogKFFAc7WBwvbZU1ikIb16_J3CTa8HNN',
  goods_name: '小米蓝牙耳机',
  goods_thumbnail_url: 'https://img.pddpic.com/x.jpeg',
  goods_quantity: 2,
  goods_price: 5990,
  order_amount: 9980,
  promotion_rate: 200,
  promotion_amount: 1996,
  order_status: 0,
  order_status_desc: '已支付',
  custom_parameters: '{"uid":"u_42","sid":"s1"}',
  p_id: '1949211_49329093',
  order_create_time: 1763596800,
  order_pay_time: 1763596810,
  order_modify_at: 1763596810,
} as const

type Row = Record<string, unknown>

const row = (changes: Row = {}, without: readonly string[] = []): Row => {
  const copy: Row = { ...ROW, ...changes }
  for (const name of without) delete copy[name]
  return copy
}

function orderOf(raw: unknown) {
  const result = parsePddOrderRow(raw)
  if (!('order' in result)) throw new Error(`rejected: ${result.rejected.reason}`)
  return result.order
}

/** The rejection's reason; every rejection also names its failing field and, when readable, the order_sn. */
function reasonOf(raw: unknown): string {
  const result = parsePddOrderRow(raw)
  if (!('rejected' in result)) throw new Error('expected the row to be rejected')
  expect(result.rejected.raw).toBe(raw)
  expect(result.rejected.field).toMatch(/^[a-z_().]+$/)
  const orderSn = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Row).order_sn : undefined
  expect(result.rejected.orderId).toBe(typeof orderSn === 'string' && orderSn !== '' ? orderSn : typeof orderSn === 'number' ? String(orderSn) : undefined)
  return result.rejected.reason
}

function fieldOf(raw: unknown): string | undefined {
  const result = parsePddOrderRow(raw)
  return 'rejected' in result ? result.rejected.field : undefined
}

const RECEIVED = { order_group_success_time: 1763596810, order_receive_time: 1763856000 }
const SETTLED = { ...RECEIVED, order_settle_time: 1764460800 }

describe(parsePddOrderRow.name, () => {
  it('maps a paid row to exact PlatformOrder values, times read as Unix seconds (GMT+8 shown)', () => {
    expect(orderOf(row())).toEqual({
      platform: 'pdd',
      orderId: ROW.order_sn,
      subOrderId: ROW.order_sn,
      itemId: ROW.goods_sign,
      itemTitle: '小米蓝牙耳机',
      quantity: 2,
      paidFen: 9980,
      status: 'paid',
      estimatedCommissionFen: 1996,
      settledCommissionFen: null,
      attributionId: 'u_42',
      relationId: null,
      paidAt: new Date('2025-11-20T08:00:10+08:00'),
      receivedAt: null,
      settledAt: null,
      updatedAt: new Date('2025-11-20T08:00:10+08:00'),
    })
  })

  it.each<[string, Row, OrderStatus, number, number | null]>([
    ['0 已支付', { order_status: 0 }, 'paid', 1996, null],
    ['1 已成团', { order_status: 1, order_group_success_time: 1763596810 }, 'paid', 1996, null],
    ['2 确认收货', { order_status: 2, ...RECEIVED }, 'received', 1996, null],
    ['3 审核成功', { order_status: 3, ...RECEIVED, order_verify_time: 1764000000 }, 'received', 1996, null],
    ['5 已经结算', { order_status: 5, ...SETTLED }, 'settled', 1996, 1996],
    ['4 审核失败 (refund before settlement)', { order_status: 4, promotion_amount: 0 }, 'invalid', 0, null],
    ['8 非多多进宝商品', { order_status: 8, promotion_amount: 0, promotion_rate: 0 }, 'invalid', 0, null],
    ['10 已处罚 (refund after settlement)', { order_status: 10, ...SETTLED, promotion_amount: 0 }, 'refunded', 0, 0],
    ['10 已处罚 with the old amount still in the row', { order_status: 10, ...SETTLED }, 'refunded', 1996, 0],
    ['a status code sent as a string', { order_status: '5', ...SETTLED }, 'settled', 1996, 1996],
  ])('order_status %s → %s', (_label, changes, status, estimated, settled) => {
    const order = orderOf(row(changes))
    expect(order).toMatchObject({ status, estimatedCommissionFen: estimated, settledCommissionFen: settled })
  })

  it('carries receive and settle times when the row has them, and treats 0 as unset', () => {
    expect(orderOf(row({ order_status: 5, ...SETTLED }))).toMatchObject({
      receivedAt: new Date(1763856000 * 1000),
      settledAt: new Date(1764460800 * 1000),
    })
    expect(orderOf(row({ order_receive_time: 0, order_settle_time: null }))).toMatchObject({ receivedAt: null, settledAt: null })
  })

  it.each([
    ['-1 未支付', -1, /not paid yet/],
    ['an unknown 7', 7, /unknown order_status 7/],
    ['an unknown 99', 99, /unknown order_status 99/],
    ['a status text instead of a code', '已支付', /order_status/],
    ['a fractional code', 1.5, /order_status/],
  ])('rejects order_status %s', (_label, status, reason) => {
    expect(reasonOf(row({ order_status: status }))).toMatch(reason)
    expect(fieldOf(row({ order_status: status }))).toBe('order_status')
  })

  it('reads an older row that carries goods_id and no goods_sign (reference C9), the goods_id as text', () => {
    const older = row({ goods_id: 263240709856 }, ['goods_sign'])
    expect(orderOf(older)).toMatchObject({ itemId: '263240709856', subOrderId: ROW.order_sn, attributionId: 'u_42', status: 'paid' })
    expect(orderOf(row({ goods_id: '263240709856' }, ['goods_sign'])).itemId).toBe('263240709856')
  })

  it('prefers goods_sign when a row carries both', () => {
    expect(orderOf(row({ goods_id: 263240709856 })).itemId).toBe(ROW.goods_sign)
  })

  it.each<[string, Row]>([
    ['a numeric order_sn', { order_sn: 251120123 }],
    ['ids and rates as strings', { order_amount: '9980', promotion_amount: '1996', promotion_rate: '200', goods_quantity: '2', order_status: '0' }],
    ['group_id above 2^53 (as lossless parsing hands it over)', { group_id: '12345678901234567890' }],
    ['group_id as a lossy number', { group_id: 12345678901234567000 }],
  ])('keeps a row with %s', (_label, changes) => {
    const order = orderOf(row(changes))
    expect(typeof order.orderId).toBe('string')
    expect(order).toMatchObject({ paidFen: 9980, estimatedCommissionFen: 1996, quantity: 2 })
  })

  // PDD amounts are whole 分: a decimal or exponent in text is a unit mix-up, so the row is rejected, not rounded.
  it.each<[string, unknown, number | 'rejected']>([
    ['a number', 9980, 9980],
    ['zero', 0, 0],
    ['digits in a string', '9980', 9980],
    ['the JSON number 1e2 (it is just 100)', 1e2, 100],
    ['"12.3" (yuan?)', '12.3', 'rejected'],
    ['"0.005"', '0.005', 'rejected'],
    ['"1e2" as text', '1e2', 'rejected'],
    ['12.5 (half a 分)', 12.5, 'rejected'],
    ['negative', -100, 'rejected'],
    ['an empty string', '', 'rejected'],
    ['padded digits', ' 12', 'rejected'],
    ['null', null, 'rejected'],
    ['a boolean', true, 'rejected'],
  ])('order_amount as %s', (_label, amount, expected) => {
    const raw = row({ order_amount: amount })
    if (expected === 'rejected') expect(reasonOf(raw)).toMatch(/order_amount/)
    else expect(orderOf(raw).paidFen).toBe(expected)
  })

  it.each<[string, unknown]>([
    ['"12.3"', '12.3'],
    ['-1', -1],
    ['missing', undefined],
  ])('rejects promotion_amount %s', (_label, amount) => {
    const raw = amount === undefined ? row({}, ['promotion_amount']) : row({ promotion_amount: amount })
    expect(reasonOf(raw)).toMatch(/promotion_amount/)
  })

  it.each<[string, Row, readonly string[], RegExp]>([
    ['no order_sn', {}, ['order_sn'], /order_sn/],
    ['an empty order_sn', { order_sn: '' }, [], /order_sn/],
    ['a fractional order_sn', { order_sn: 2511.5 }, [], /order_sn/],
    ['neither goods_sign nor goods_id', {}, ['goods_sign'], /goods_sign nor goods_id/],
    ['an empty goods_sign and no goods_id', { goods_sign: '' }, [], /goods_sign/],
    ['a negative goods_id', { goods_id: -5 }, ['goods_sign'], /goods_id/],
    ['goods_name null', { goods_name: null }, [], /goods_name/],
    ['no order_status', {}, ['order_status'], /order_status/],
    ['goods_quantity 0', { goods_quantity: 0 }, [], /goods_quantity/],
    ['goods_quantity "1.5"', { goods_quantity: '1.5' }, [], /goods_quantity/],
    ['no order_modify_at', {}, ['order_modify_at'], /order_modify_at/],
    ['order_modify_at 0', { order_modify_at: 0 }, [], /order_modify_at/],
    ['order_modify_at in milliseconds', { order_modify_at: 1763596810000 }, [], /order_modify_at: expected Unix seconds/],
    ['order_pay_time as a date string', { order_pay_time: '2025-11-20 08:00:10' }, [], /order_pay_time/],
    ['no order_pay_time on a paid row', {}, ['order_pay_time'], /order_pay_time missing/],
    ['goods_price "59.9"', { goods_price: '59.9' }, [], /goods_price/],
  ])('rejects a row with %s', (_label, changes, without, reason) => {
    expect(reasonOf(row(changes, without))).toMatch(reason)
  })

  it.each([
    ['a string', 'not a row'],
    ['null', null],
    ['an array', [ROW]],
  ])('rejects a row that is %s', (_label, raw) => {
    expect(reasonOf(raw)).toMatch(/\(row\)/)
  })

  it.each<[string, Row, readonly string[]]>([
    ['malformed', { custom_parameters: '{"uid":"u_42"' }, []],
    ['empty', { custom_parameters: '' }, []],
    ['null', { custom_parameters: null }, []],
    ['absent', {}, ['custom_parameters']],
    ['a number', { custom_parameters: 42 }, []],
    // Another promoter's opaque text (mimicode/tksdk client_test.go sends `user_1384`).
    ['opaque text', { custom_parameters: 'user_1384' }, []],
  ])('keeps a row whose custom_parameters is %s, with no attribution', (_label, changes, without) => {
    expect(orderOf(row(changes, without)).attributionId).toBeNull()
  })

  it('keeps a row with only the fields it needs', () => {
    const minimal = row({}, ['goods_thumbnail_url', 'goods_price', 'promotion_rate', 'order_status_desc', 'custom_parameters', 'p_id', 'order_create_time'])
    expect(orderOf(minimal)).toMatchObject({ subOrderId: ROW.order_sn, attributionId: null, status: 'paid' })
  })
})

describe(uidFromCustomParameters.name, () => {
  it.each<[string, unknown, string | null]>([
    ['our JSON', '{"uid":"u_42"}', 'u_42'],
    ['our JSON with other keys', '{"uid":"u_42","sid":"s"}', 'u_42'],
    ['a numeric uid', '{"uid":1234}', '1234'],
    ['an object rather than text', { uid: 'u_7' }, 'u_7'],
    ['empty', '', null],
    ['blank', '  ', null],
    ['absent', undefined, null],
    ['null', null, null],
    ['malformed JSON', '{uid:u_42', null],
    ['free text', 'u_42', null],
    ['no uid', '{"sid":"s"}', null],
    ['an empty uid', '{"uid":""}', null],
    ['a uid object', '{"uid":{"id":1}}', null],
    ['a JSON array', '["u_42"]', null],
  ])('%s → %s', (_label, value, uid) => {
    expect(uidFromCustomParameters(value)).toBe(uid)
  })
})

describe(pddUpdateRange.name, () => {
  const at = (iso: string): Date => new Date(iso)
  it.each<[string, string, string, { start: number; end: number } | 'empty']>([
    ['whole seconds: the end second is excluded', '2025-11-20T00:00:00Z', '2025-11-20T01:00:00Z', { start: 1763596800, end: 1763600399 }],
    ['a ragged window covers the seconds it touches', '2025-11-20T00:00:00.700Z', '2025-11-20T00:00:05.300Z', { start: 1763596800, end: 1763596805 }],
    ['exactly 24 h', '2025-11-20T00:00:00Z', '2025-11-21T00:00:00Z', { start: 1763596800, end: 1763683199 }],
    ['exactly 24 h, ragged: still ≤ 86400 s apart', '2025-11-20T00:00:00.500Z', '2025-11-21T00:00:00.500Z', { start: 1763596800, end: 1763683200 }],
    ['within one second', '2025-11-20T00:00:00.100Z', '2025-11-20T00:00:00.200Z', { start: 1763596800, end: 1763596800 }],
    ['empty', '2025-11-20T00:00:00Z', '2025-11-20T00:00:00Z', 'empty'],
  ])('%s', (_label, start, end, expected) => {
    expect(pddUpdateRange({ start: at(start), end: at(end) })).toEqual(expected)
  })

  it.each([
    ['over 24 h by 1 ms', '2025-11-20T00:00:00Z', '2025-11-21T00:00:00.001Z'],
    ['inverted', '2025-11-20T01:00:00Z', '2025-11-20T00:00:00Z'],
    ['an invalid date', 'nonsense', '2025-11-20T00:00:00Z'],
  ])('throws PlatformRequestError for a window %s', (_label, start, end) => {
    expect(() => pddUpdateRange({ start: at(start), end: at(end) })).toThrow(PlatformRequestError)
  })
})

describe(decodePddOrderCursor.name, () => {
  const range = { start: 1763596800, end: 1763683199 }
  it('round-trips', () => {
    const text = encodePddOrderCursor(range, 2)
    expect(JSON.parse(text)).toEqual({ v: 1, start_update_time: 1763596800, end_update_time: 1763683199, page: 2 })
    expect(decodePddOrderCursor(text, range)).toBe(2)
  })

  it.each([
    ['not JSON', 'page-2'],
    ['another shape', '{"page":2}'],
    ['page 0', encodePddOrderCursor(range, 0)],
    ['another window', encodePddOrderCursor({ start: 1763596800, end: 1763600000 }, 2)],
  ])('refuses %s', (_label, text) => {
    expect(() => decodePddOrderCursor(text, range)).toThrow(PlatformRequestError)
  })
})

/** An in-memory order.list.increment.get (the real HTTP path is in the integration tests). */
function listOf(rows: readonly unknown[], options: { omitCount?: boolean } = {}) {
  const calls: PddBusinessParams[] = []
  const call: PddCall = (method, params) => {
    calls.push(params)
    expect(method).toBe('pdd.ddk.order.list.increment.get')
    const page = Number(params.page)
    const size = Number(params.page_size)
    const count = params.return_count === true && !options.omitCount ? { total_count: rows.length } : {}
    return Promise.resolve({ order_list_get_response: { order_list: rows.slice((page - 1) * size, page * size), ...count } })
  }
  return { call, calls }
}

const WINDOW = { start: new Date('2025-11-20T00:00:00Z'), end: new Date('2025-11-20T12:00:00Z') }

describe(fetchPddOrderPage.name, () => {
  it('keeps the good rows of a page and rejects the bad ones with a reason and the raw row', async () => {
    const bad = [row({ order_status: 42 }), row({ order_amount: '12.3' }), 'junk']
    const good = [row({ order_sn: '251120-000000000000001' }), row({ order_sn: '251120-000000000000002', custom_parameters: '{' })]
    const { call } = listOf([good[0], ...bad, good[1]])
    const page = await fetchPddOrderPage(call, WINDOW, undefined)
    expect(page.orders.map((o) => [o.subOrderId, o.attributionId])).toEqual([
      ['251120-000000000000001', 'u_42'],
      ['251120-000000000000002', null],
    ])
    expect(page.rejected.map((r) => r.raw)).toEqual(bad)
    expect(page.rejected.map((r) => [r.orderId, r.field])).toEqual([
      [ROW.order_sn, 'order_status'],
      [ROW.order_sn, 'order_amount'],
      [undefined, '(row)'],
    ])
    expect(page.rejected.map((r) => r.reason)).toEqual([
      'unknown order_status 42',
      expect.stringMatching(/^order_amount: /),
      expect.stringMatching(/^\(row\): /),
    ])
    expect(page.nextCursor).toBeUndefined()
  })

  it('asks page 1 for the count, then pages from the last page down to page 1', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => row({ order_sn: `251120-${String(i).padStart(15, '0')}` }))
    const { call, calls } = listOf(rows)
    const seen: string[][] = []
    let cursor: string | undefined
    do {
      const page = await fetchPddOrderPage(call, WINDOW, cursor)
      seen.push(page.orders.map((o) => o.subOrderId))
      cursor = page.nextCursor
    } while (cursor !== undefined)
    expect(seen.map((ids) => ids.length)).toEqual([50, 100, 100])
    expect(seen.flat().sort()).toEqual(rows.map((r) => r.order_sn))
    expect(calls.map((c) => [c.page, c.page_size, c.return_count])).toEqual([
      [1, 100, true],
      [3, 100, false],
      [2, 100, false],
      [1, 100, false],
    ])
    expect(calls.every((c) => c.start_update_time === 1763596800 && c.end_update_time === 1763639999)).toBe(true)
  })

  it('answers one page when everything fits on page 1', async () => {
    const { call, calls } = listOf([row()])
    expect((await fetchPddOrderPage(call, WINDOW, undefined)).orders).toHaveLength(1)
    expect(calls).toHaveLength(1)
  })

  it('answers an empty window without a call', async () => {
    const { call, calls } = listOf([row()])
    const page = await fetchPddOrderPage(call, { start: WINDOW.start, end: WINDOW.start }, undefined)
    expect(page).toEqual({ orders: [], rejected: [], nextCursor: undefined })
    expect(calls).toHaveLength(0)
  })

  it('refuses an answer without total_count (paging would be guesswork)', async () => {
    const { call } = listOf([row()], { omitCount: true })
    await expect(fetchPddOrderPage(call, WINDOW, undefined)).rejects.toThrow(PlatformResponseError)
  })

  it('refuses an answer whose order_list is not a list', async () => {
    const call: PddCall = () => Promise.resolve({ order_list_get_response: { order_list: 'none', total_count: 1 } })
    await expect(fetchPddOrderPage(call, WINDOW, undefined)).rejects.toThrow(PlatformResponseError)
  })
})
