import { describe, expect, it } from 'vitest'
import type { OrderStatus, PlatformOrder } from '../../../src/platforms/order-feed.js'
import { parseOrderDetailsRow } from '../../../src/platforms/taobao/taobao-order-row.js'
import { parseRefundRow } from '../../../src/platforms/taobao/taobao-refund-row.js'

/** Shaped like a recorded `publisher_order_dto` row (paid, not yet settled). */
const row = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  trade_parent_id: '3001234567890123456',
  trade_id: '3001234567890123457',
  item_id: 'Q2ZryagTbnyvKd5NTbP',
  item_title: '南极人纯棉短袖T恤',
  item_num: 2,
  item_price: '49.90',
  alipay_total_price: '89.80',
  pay_price: '0.00',
  pub_share_pre_fee: '8.98',
  pub_share_fee: '0.00',
  total_commission_rate: '10.00',
  tk_status: 12,
  tk_create_time: '2026-03-01 09:59:58',
  tk_paid_time: '2026-03-01 10:00:00',
  tk_earning_time: '',
  modified_time: '2026-03-01 10:00:05',
  relation_id: 2712345678,
  special_id: '',
  adzone_id: 109876543210,
  site_id: 3456789,
  pub_id: 120034567,
  refund_tag: 0,
  ...overrides,
})

const settledRow = (overrides: Record<string, unknown> = {}) =>
  row({ tk_status: 3, pub_share_fee: '8.50', pay_price: '85.00', tk_earning_time: '2026-03-20 12:00:00', ...overrides })

function accepted(raw: unknown): PlatformOrder {
  const parsed = parseOrderDetailsRow(raw)
  if (!('order' in parsed)) throw new Error(`rejected: ${parsed.rejected.reason}`)
  return parsed.order
}

function rejectedReason(raw: unknown): string {
  const parsed = parseOrderDetailsRow(raw)
  if (!('rejected' in parsed)) throw new Error('accepted')
  expect(parsed.rejected.raw).toBe(raw)
  return parsed.rejected.reason
}

describe(parseOrderDetailsRow.name, () => {
  it('maps a paid row, with GMT+8 times and ids as strings', () => {
    expect(accepted(row())).toEqual({
      platform: 'taobao',
      orderId: '3001234567890123456',
      subOrderId: '3001234567890123457',
      itemId: 'Q2ZryagTbnyvKd5NTbP',
      itemTitle: '南极人纯棉短袖T恤',
      quantity: 2,
      paidFen: 8980,
      status: 'paid',
      estimatedCommissionFen: 898,
      settledCommissionFen: null,
      attributionId: null,
      relationId: '2712345678',
      paidAt: new Date('2026-03-01T02:00:00Z'),
      receivedAt: null,
      settledAt: null,
      updatedAt: new Date('2026-03-01T02:00:05Z'),
    } satisfies PlatformOrder)
  })

  it.each<[string, unknown, OrderStatus]>([
    ['12 付款', 12, 'paid'],
    ['14 确认收货', 14, 'received'],
    ['3 结算', 3, 'settled'],
    ['13 失效', 13, 'invalid'],
    ['a numeric string', '14', 'received'],
  ])('maps tk_status %s', (_name, tkStatus, status) => {
    expect(accepted(settledRow({ tk_status: tkStatus })).status).toBe(status)
  })

  it.each<[string, unknown]>([
    ['11 拍下未付款', 11],
    ['an undocumented code', 99],
    ['a string code', '0'],
  ])('rejects tk_status %s as unknown', (_name, tkStatus) => {
    expect(rejectedReason(row({ tk_status: tkStatus }))).toMatch(/unknown tk_status/)
  })

  it('reads the settled commission and time only once settled', () => {
    expect(accepted(settledRow())).toMatchObject({
      status: 'settled',
      estimatedCommissionFen: 898,
      settledCommissionFen: 850,
      settledAt: new Date('2026-03-20T04:00:00Z'),
      receivedAt: null,
    })
    expect(accepted(row({ tk_status: 14, pub_share_fee: '8.50' }))).toMatchObject({
      settledCommissionFen: null,
      settledAt: null,
      receivedAt: new Date('2026-03-01T02:00:05Z'),
    })
  })

  it('keeps a settled row with refund_tag 1 settled: the clawback comes from the refund API', () => {
    expect(accepted(settledRow({ refund_tag: 1 }))).toMatchObject({ status: 'settled', settledCommissionFen: 850 })
  })

  it.each<[string, Record<string, unknown>]>([
    ['without tk_earning_time', { tk_earning_time: '' }],
    ['without pub_share_fee', { pub_share_fee: undefined }],
  ])('rejects a settled row %s', (_name, overrides) => {
    expect(rejectedReason(settledRow(overrides))).toMatch(/settled row/)
  })

  // Decision: amounts are rounded half-up at the fen (as yuanToFen does); anything not a plain decimal is refused.
  it.each<[string, unknown, number | 'rejected']>([
    ['two decimals', '89.80', 8980],
    ['one decimal', '12.3', 1230],
    ['no decimals', '12', 1200],
    ['half a fen', '0.005', 1],
    ['under half a fen', '0.004', 0],
    ['a JSON number', 12.3, 1230],
    ['padded', ' 7.10 ', 710],
    ['an exponent', '1e2', 'rejected'],
    ['a negative amount', '-1.00', 'rejected'],
    ['a comma decimal', '12,30', 'rejected'],
    ['text', 'abc', 'rejected'],
    ['empty', '', 'rejected'],
    ['null', null, 'rejected'],
    ['a boolean', true, 'rejected'],
  ])('reads alipay_total_price as %s', (_name, amount, fen) => {
    const raw = row({ alipay_total_price: amount })
    if (fen === 'rejected') expect(rejectedReason(raw)).toMatch(/alipay_total_price/)
    else expect(accepted(raw).paidFen).toBe(fen)
  })

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['no trade_id', { trade_id: undefined }, /trade_id/],
    ['an order number past 2^53 as a JSON number', { trade_id: 3001234567890123457 }, /trade_id/],
    ['an order number with letters', { trade_parent_id: '30012345x' }, /trade_parent_id/],
    ['no item id', { item_id: '' }, /item_id/],
    ['a title that is not text', { item_title: 42 }, /item_title/],
    ['a quantity of zero', { item_num: 0 }, /item_num/],
    ['a quantity in words', { item_num: 'two' }, /item_num/],
    ['no payment estimate', { pub_share_pre_fee: undefined }, /pub_share_pre_fee/],
    ['a Unix payment time', { tk_paid_time: 1772330400 }, /tk_paid_time/],
    ['a malformed update time', { modified_time: '2026/03/01 10:00' }, /modified_time/],
    ['no update time', { modified_time: undefined }, /modified_time/],
    ['no tk_status', { tk_status: undefined }, /tk_status/],
    ['a fractional tk_status', { tk_status: 12.5 }, /tk_status/],
  ])('rejects a row with %s', (_name, overrides, reason) => {
    expect(rejectedReason(row(overrides))).toMatch(reason)
  })

  it.each([[null], ['a string'], [[row()]], [undefined]])('rejects a row that is not an object (%j)', (raw) => {
    expect(parseOrderDetailsRow(raw)).toHaveProperty('rejected')
  })

  it.each<[string, unknown, string | null]>([
    ['a number', 2712345678, '2712345678'],
    ['a string', '2712345678', '2712345678'],
    ['empty', '', null],
    ['null', null, null],
    ['absent', undefined, null],
  ])('reads relation_id given as %s', (_name, relationId, expected) => {
    expect(accepted(row({ relation_id: relationId })).relationId).toBe(expected)
  })

  it('accepts a safe numeric order number and an old numeric item id', () => {
    expect(accepted(row({ trade_parent_id: 123456789, item_id: 654321 }))).toMatchObject({ orderId: '123456789', itemId: '654321' })
  })
})

/** Shaped like a `publisher_refund_order_dto` row plus the item fields the simulator adds. */
const refund = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  refund_suit_id: '567890123401',
  tb_trade_parent_id: '3001234567890123456',
  tb_trade_id: '3001234567890123457',
  item_id: 'Q2ZryagTbnyvKd5NTbP',
  item_title: '南极人纯棉短袖T恤',
  item_num: 2,
  alipay_total_price: '89.80',
  pub_share_pre_fee: '8.98',
  pub_share_fee: '8.50',
  tk_commission_fee_refund: '8.50',
  show_return_fee: '8.50',
  refund_status: 13,
  tk_paid_time: '2026-03-01 10:00:00',
  tk_earning_time: '2026-03-20 12:00:00',
  earning_time: '2026-03-20 12:00:00',
  tk_refund_time: '2026-04-02 09:00:00',
  tk_refund_suit_time: '2026-04-03 09:00:00',
  modified_time: '2026-04-03 09:00:01',
  relation_id: 2712345678,
  special_id: '',
  ...overrides,
})

describe(parseRefundRow.name, () => {
  it('maps a completed clawback to a refunded order with nothing left settled', () => {
    expect(parseRefundRow(refund())).toEqual({
      order: {
        platform: 'taobao',
        orderId: '3001234567890123456',
        subOrderId: '3001234567890123457',
        itemId: 'Q2ZryagTbnyvKd5NTbP',
        itemTitle: '南极人纯棉短袖T恤',
        quantity: 2,
        paidFen: 8980,
        status: 'refunded',
        estimatedCommissionFen: 898,
        settledCommissionFen: 0,
        attributionId: null,
        relationId: '2712345678',
        paidAt: new Date('2026-03-01T02:00:00Z'),
        receivedAt: null,
        settledAt: new Date('2026-03-20T04:00:00Z'),
        updatedAt: new Date('2026-04-03T01:00:01Z'),
      },
    })
  })

  it.each<[string, Record<string, unknown>, number]>([
    ['a pending clawback (12)', { refund_status: 12 }, 0],
    ['a partial clawback', { show_return_fee: '3.20' }, 530],
    ['a clawback larger than the commission', { show_return_fee: '9.00' }, 0],
    ['a string status', { refund_status: '13', show_return_fee: '0.50' }, 800],
  ])('keeps what is left of the settled commission for %s', (_name, overrides, settled) => {
    expect(parseRefundRow(refund(overrides))).toMatchObject({ order: { status: 'refunded', settledCommissionFen: settled } })
  })

  it.each([2, 3, 4, 11, 14, 15, '15'])('skips refund_status %j (no clawback from us)', (status) => {
    expect(parseRefundRow(refund({ refund_status: status, item_id: undefined }))).toBe('skipped')
  })

  it('falls back to the refund times and earning_time when the update and settle times are missing', () => {
    const parsed = parseRefundRow(refund({ modified_time: '', tk_earning_time: undefined }))
    expect(parsed).toMatchObject({
      order: { updatedAt: new Date('2026-04-03T01:00:00Z'), settledAt: new Date('2026-03-20T04:00:00Z') },
    })
  })

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['no refund_status', { refund_status: undefined }, /refund_status/],
    ['no item id (the real API may send none)', { item_id: undefined }, /item_id/],
    ['no show_return_fee', { show_return_fee: undefined }, /show_return_fee/],
    ['an exponent amount', { pub_share_fee: '1e1' }, /pub_share_fee/],
    ['no times to date it', { modified_time: '', tk_refund_suit_time: '', tk_refund_time: undefined }, /modified_time/],
  ])('rejects a clawback row with %s', (_name, overrides, reason) => {
    const parsed = parseRefundRow(refund(overrides))
    expect(parsed).toHaveProperty('rejected')
    if (parsed !== 'skipped' && 'rejected' in parsed) expect(parsed.rejected.reason).toMatch(reason)
  })
})
