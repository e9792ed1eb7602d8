import { describe, expect, it } from 'vitest'
import type { OrderStatus, PlatformOrder, PlatformRefund, RejectedOrderRow } from '../../../src/platforms/order-feed.js'
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
  if (parsed === 'skipped' || !('order' in parsed)) throw new Error(`not accepted: ${JSON.stringify(parsed)}`)
  return parsed.order
}

function rejection(raw: unknown): RejectedOrderRow {
  const parsed = parseOrderDetailsRow(raw)
  if (parsed === 'skipped' || !('rejected' in parsed)) throw new Error('accepted')
  expect(parsed.rejected.raw).toBe(raw)
  return parsed.rejected
}

const rejectedReason = (raw: unknown): string => rejection(raw).reason

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
    ['an undocumented code', 99],
    ['a string code', '0'],
  ])('rejects tk_status %s as unknown, naming the row and the field', (_name, tkStatus) => {
    expect(rejection(row({ tk_status: tkStatus }))).toMatchObject({
      reason: expect.stringMatching(/unknown tk_status/),
      orderId: '3001234567890123457',
      field: 'tk_status',
    })
  })

  it('skips tk_status 11 拍下未付款: not an order until paid', () => {
    expect(parseOrderDetailsRow(row({ tk_status: 11 }))).toBe('skipped')
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

  it('rejects a settled row without pub_share_fee: nothing to credit', () => {
    expect(rejection(settledRow({ pub_share_fee: '--' }))).toMatchObject({ field: 'pub_share_fee', reason: expect.stringMatching(/settled row/) })
  })

  it('dates a settled row without tk_earning_time by its newest time', () => {
    expect(accepted(settledRow({ tk_earning_time: '--' }))).toMatchObject({
      settledAt: new Date('2026-03-01T02:00:05Z'),
      settledCommissionFen: 850,
    })
  })

  // The captured tk_status 14 row (testDingDanZhiFu, C2): no modified_time, no tk_earning_time, "--" empties, item_id a number.
  it('stores a captured 14 row without modified_time or tk_earning_time, ordered by its newest time', () => {
    const captured = {
      terminal_type: '无线',
      tk_paid_time: '2020-12-17 10:48:17',
      adzone_id: 111067000033,
      alipay_total_price: '1.00',
      trade_id: '1446862356240876331',
      click_time: '2020-12-17 10:42:23',
      refund_tag: 0,
      item_title: '红/绿色可接驳PU聚氨酯圆皮带',
      tb_paid_time: '2020-12-17 10:48:07',
      tk_order_role: 2,
      item_id: 631237418743,
      tb_deposit_time: '--',
      tk_status: 14,
      trade_parent_id: '1446862356240876331',
      subsidy_type: '--',
      tk_create_time: '2020-12-17 10:42:57',
      pub_share_fee: '0.00',
      item_num: 1,
      pub_share_pre_fee: '0.01',
      tk_deposit_time: '--',
      flow_source: '--',
    }
    expect(accepted(captured)).toMatchObject({
      subOrderId: '1446862356240876331',
      itemId: '631237418743',
      status: 'received',
      estimatedCommissionFen: 1,
      paidAt: new Date('2020-12-17T02:48:17Z'),
      updatedAt: new Date('2020-12-17T02:48:17Z'),
      receivedAt: new Date('2020-12-17T02:48:17Z'),
    })
  })

  it.each<[string, Record<string, unknown>, Partial<PlatformOrder>]>([
    ['"--" for every empty', { tk_earning_time: '--', relation_id: '--', item_title: '--' }, { relationId: null, itemTitle: '' }],
    ['no item_num', { item_num: undefined }, { quantity: 1 }],
    ['relation_id 0', { relation_id: 0 }, { relationId: null }],
    ['only tb_paid_time', { tk_paid_time: '--', tb_paid_time: '2026-03-01 09:59:59' }, { paidAt: new Date('2026-03-01T01:59:59Z') }],
    ['a later earning than update time', { modified_time: '--', tk_earning_time: '2026-03-02 10:00:00' }, { updatedAt: new Date('2026-03-02T02:00:00Z') }],
    ['a trade id past 2^53 as a string (lossless parse)', { trade_id: '9007199254740993123' }, { subOrderId: '9007199254740993123' }],
  ])('accepts a row with %s', (_name, overrides, expected) => {
    expect(accepted(row(overrides))).toMatchObject(expected)
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

  it.each<[string, Record<string, unknown>, string, string | undefined]>([
    ['no trade_id', { trade_id: undefined }, 'trade_id', '3001234567890123456'],
    ['an order number past 2^53 as a JSON number', { trade_id: 3001234567890123457 }, 'trade_id', '3001234567890123456'],
    ['an order number with letters', { trade_parent_id: '30012345x' }, 'trade_parent_id', '3001234567890123457'],
    ['no item id', { item_id: '' }, 'item_id', '3001234567890123457'],
    ['"--" as item id', { item_id: '--' }, 'item_id', '3001234567890123457'],
    ['a quantity of zero', { item_num: 0 }, 'item_num', '3001234567890123457'],
    ['a quantity in words', { item_num: 'two' }, 'item_num', '3001234567890123457'],
    ['no payment estimate', { pub_share_pre_fee: undefined }, 'pub_share_pre_fee', '3001234567890123457'],
    ['"--" as payment estimate', { pub_share_pre_fee: '--' }, 'pub_share_pre_fee', '3001234567890123457'],
    ['a Unix payment time', { tk_paid_time: 1772330400 }, 'tk_paid_time', '3001234567890123457'],
    ['a malformed update time', { modified_time: '2026/03/01 10:00' }, 'modified_time', '3001234567890123457'],
    ['no time at all', { tk_paid_time: '', tk_create_time: '--', modified_time: undefined }, 'tk_paid_time', '3001234567890123457'],
    ['no tk_status', { tk_status: undefined }, 'tk_status', '3001234567890123457'],
    ['a fractional tk_status', { tk_status: 12.5 }, 'tk_status', '3001234567890123457'],
  ])('rejects a row with %s, naming the field and the order', (_name, overrides, field, orderId) => {
    const rejected = rejection(row(overrides))
    expect(rejected.reason).toMatch(field)
    expect(rejected.field).toBe(field)
    expect(rejected.orderId).toBe(orderId)
  })

  it.each([[null], ['a string'], [[row()]], [undefined], [{}]])('rejects a row that is not an order object (%j)', (raw) => {
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

/** Shaped like a `publisher_refund_order_dto` row (C1): no item fields at all. */
const refund = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  refund_suit_id: '567890123401',
  tb_trade_parent_id: '3001234567890123456',
  tb_trade_id: '3001234567890123457',
  tb_trade_create_time: '2026-03-01 09:59:58',
  earning_time: '2026-03-20 12:00:00',
  tk_refund_time: '2026-04-02 09:00:00',
  tk_refund_suit_time: '2026-04-03 09:00:00',
  modified_time: '2026-04-03 09:00:01',
  item_title: '南极人纯棉短袖T恤',
  tk_order_role: '二方',
  tb_trade_finish_price: '85.00',
  refund_fee: '85.00',
  pub_share_fee: '8.50',
  tk_commission_fee_refund: '7.60',
  tk_subsidy_fee_refund: '0.20',
  tk_commission_alimm_refund_fee: '0.66',
  tk_subsidy_alimm_refund_fee: '0.04',
  tk_commission_agent_refund_fee: '0.00',
  tk_subsidy_agent_refund_fee: '0.00',
  show_return_fee: '8.50',
  refund_status: 13,
  relation_id: 2712345678,
  special_id: 0,
  ...overrides,
})

function refundOf(raw: unknown): PlatformRefund {
  const parsed = parseRefundRow(raw)
  if (parsed === 'skipped' || !('refund' in parsed)) throw new Error(`not a refund: ${JSON.stringify(parsed)}`)
  return parsed.refund
}

describe(parseRefundRow.name, () => {
  it('maps a completed clawback to a refund of the stored order line', () => {
    expect(refundOf(refund())).toEqual({
      platform: 'taobao',
      orderId: '3001234567890123456',
      subOrderId: '3001234567890123457',
      refundId: '567890123401',
      commissionRefundFen: 850,
      refundedAt: new Date('2026-04-03T01:00:00Z'),
      updatedAt: new Date('2026-04-03T01:00:01Z'),
    } satisfies PlatformRefund)
  })

  it.each<[string, Record<string, unknown>, number | null]>([
    ['show_return_fee (the pub_share_fee basis)', {}, 850],
    ['a partial clawback', { show_return_fee: '3.20' }, 320],
    ['no show_return_fee: the parts with their fees', { show_return_fee: '--' }, 850],
    ['no show_return_fee, only the net commission', { show_return_fee: '', tk_subsidy_fee_refund: undefined, tk_commission_alimm_refund_fee: undefined, tk_subsidy_alimm_refund_fee: undefined, tk_commission_agent_refund_fee: undefined, tk_subsidy_agent_refund_fee: undefined }, 760],
    ['no amount at all: null (all of it)', { show_return_fee: '--', tk_commission_fee_refund: '--', tk_subsidy_fee_refund: '', tk_commission_alimm_refund_fee: undefined, tk_subsidy_alimm_refund_fee: undefined, tk_commission_agent_refund_fee: undefined, tk_subsidy_agent_refund_fee: undefined }, null],
  ])('takes back %s', (_name, overrides, fen) => {
    expect(refundOf(refund(overrides)).commissionRefundFen).toBe(fen)
  })

  it.each([12, '13'])('reads refund_status %j as a clawback from us', (status) => {
    expect(refundOf(refund({ refund_status: status })).subOrderId).toBe('3001234567890123457')
  })

  it.each([2, 3, 4, 11, 14, 15, '15'])('skips refund_status %j (no clawback from us)', (status) => {
    expect(parseRefundRow(refund({ refund_status: status }))).toBe('skipped')
  })

  it('dates it by the newest time present and keeps a stable id without refund_suit_id', () => {
    const first = refundOf(refund({ modified_time: '--', refund_suit_id: '', tk_refund_suit_time: '' }))
    expect(first).toMatchObject({ updatedAt: new Date('2026-04-02T01:00:00Z'), refundedAt: new Date('2026-04-02T01:00:00Z') })
    const again = refundOf(refund({ modified_time: '2026-04-05 00:00:00', refund_suit_id: undefined }))
    expect(again.refundId).toBe(first.refundId)
    expect(again.refundId).toContain('3001234567890123457')
  })

  it.each<[string, Record<string, unknown>, string]>([
    ['no refund_status', { refund_status: undefined }, 'refund_status'],
    ['an unknown refund_status', { refund_status: 99 }, 'refund_status'],
    ['no tb_trade_id', { tb_trade_id: '' }, 'tb_trade_id'],
    ['an exponent amount', { show_return_fee: '1e1' }, 'show_return_fee'],
    ['no times to date it', { modified_time: '', tk_refund_suit_time: '', tk_refund_time: undefined, earning_time: '--' }, 'modified_time'],
  ])('rejects a clawback row with %s, naming the field', (_name, overrides, field) => {
    const parsed = parseRefundRow(refund(overrides))
    if (parsed === 'skipped' || !('rejected' in parsed)) throw new Error('not rejected')
    expect(parsed.rejected.field).toBe(field)
    expect(parsed.rejected.orderId).toBeDefined()
  })
})
