import { describe, expect, it } from 'vitest'
import type { OrderStatus } from '../../../src/platforms/order-feed.js'
import { parseJdOrderRow } from '../../../src/platforms/jd/jd-order-row.js'
import { jdOrderStatus } from '../../../src/platforms/jd/jd-order-status.js'
import { jdDay, jdDayStart, parseJdTime } from '../../../src/platforms/jd/jd-time.js'

/** "Today" for every row below: 2026-03-10 in Beijing. */
const TODAY = 20260310

/** An order.row.query row shaped like JD's (E5 json-def): ids and money as JD sends them. */
const ROW = {
  id: '812345678901234567',
  orderId: 298765432101,
  parentId: 0,
  orderTime: '2026-03-10 10:00:00',
  finishTime: '',
  modifyTime: '2026-03-10 10:05:07',
  skuId: 100012043978,
  skuName: '小米充电宝 20000mAh',
  skuNum: 2,
  skuReturnNum: 0,
  price: 129,
  commissionRate: 5.5,
  finalRate: 100,
  estimateCosPrice: 238.5,
  estimateFee: 13.11,
  actualCosPrice: 0,
  actualFee: 0,
  validCode: 16,
  payMonth: 0,
  subUnionId: 'u_42',
  positionId: 3100000001,
  unionId: 1001234567,
}

const PAID_ORDER = {
  platform: 'jd',
  orderId: '298765432101',
  subOrderId: '812345678901234567',
  itemId: '100012043978',
  itemTitle: '小米充电宝 20000mAh',
  quantity: 2,
  paidFen: 23850,
  status: 'paid',
  estimatedCommissionFen: 1311,
  settledCommissionFen: null,
  attributionId: 'u_42',
  relationId: null,
  paidAt: new Date('2026-03-10T02:00:00Z'),
  receivedAt: null,
  settledAt: null,
  updatedAt: new Date('2026-03-10T02:05:07Z'),
}

const parse = (patch: Record<string, unknown>): ReturnType<typeof parseJdOrderRow> =>
  parseJdOrderRow({ ...ROW, ...patch }, TODAY)

const orderOf = (patch: Record<string, unknown>): Record<string, unknown> => {
  const outcome = parse(patch)
  if (outcome.kind !== 'order') throw new Error(`expected an order, got ${JSON.stringify(outcome)}`)
  return { ...outcome.order }
}

const without = (field: keyof typeof ROW): Record<string, unknown> => {
  const row: Record<string, unknown> = { ...ROW }
  delete row[field]
  return row
}

describe(jdOrderStatus.name, () => {
  const cases: [validCode: number, payMonth: number, expected: OrderStatus | 'skip' | undefined][] = [
    [15, 0, 'skip'],
    [16, 0, 'paid'],
    [24, 0, 'paid'],
    [17, 0, 'received'],
    [17, 20260420, 'received'],
    [17, 20260311, 'received'],
    [17, TODAY, 'settled'],
    [17, 20260220, 'settled'],
    [3, 0, 'refunded'],
    ...[-1, 2, 4, 5, 6, 7, 8, 9, 11, 13, 14, 19, 20, 21, 22, 23, 25, 26, 27, 28, 29, 30].map(
      (code): [number, number, OrderStatus] => [code, 0, 'invalid'],
    ),
    [0, 0, undefined],
    [1, 0, undefined],
    // Older docs' codes (SDK comments quoting them): 10 开增值税专用发票, 12 自己推广自己下单, 18 已结算.
    [10, 0, 'invalid'],
    [12, 0, 'invalid'],
    [18, 0, 'settled'],
    [18, 20260301, 'settled'],
    [31, 0, undefined],
    [99, 0, undefined],
  ]
  it.each(cases)('validCode %i with payMonth %i → %s', (validCode, payMonth, expected) => {
    expect(jdOrderStatus(validCode, payMonth, TODAY)).toBe(expected)
  })
})

describe(parseJdOrderRow.name, () => {
  it('maps a paid row to fen, Dates (GMT+8) and string ids', () => {
    expect(parse({})).toEqual({ kind: 'order', order: PAID_ORDER })
  })

  it('maps a completed row with a future payMonth to received, without a settled commission yet', () => {
    expect(orderOf({ validCode: 17, finishTime: '2026-03-10 12:00:00', payMonth: 20260420, actualFee: 13.11 })).toEqual({
      ...PAID_ORDER,
      status: 'received',
      receivedAt: new Date('2026-03-10T04:00:00Z'),
    })
  })

  it('maps a completed row whose payMonth has come to settled with actualFee, settled at the start of that day', () => {
    expect(orderOf({ validCode: 17, finishTime: '2026-02-10 12:00:00', payMonth: '20260310', actualFee: '12.5' })).toEqual({
      ...PAID_ORDER,
      status: 'settled',
      settledCommissionFen: 1250,
      receivedAt: new Date('2026-02-10T04:00:00Z'),
      settledAt: new Date('2026-03-09T16:00:00Z'),
    })
  })

  it('reads a refund after completion (actualFee rewritten to 0) as settled with 0', () => {
    expect(orderOf({ validCode: 17, finishTime: '2026-02-10 12:00:00', payMonth: 20260220, actualFee: 0 })).toMatchObject({
      status: 'settled',
      estimatedCommissionFen: 1311,
      settledCommissionFen: 0,
    })
  })

  it('maps a cancelled row to refunded and a no-commission row to invalid', () => {
    expect(orderOf({ validCode: 3, estimateFee: 0 })).toMatchObject({ status: 'refunded', estimatedCommissionFen: 0 })
    expect(orderOf({ validCode: 19, estimateFee: 0 })).toMatchObject({ status: 'invalid', settledCommissionFen: null })
  })

  it('skips a 待付款 row instead of rejecting it', () => {
    expect(parse({ validCode: 15 })).toEqual({ kind: 'skipped' })
  })

  it('accepts the numeric fields JD sometimes sends as strings', () => {
    expect(orderOf({ validCode: '16', orderId: '298765432101', skuId: '100012043978', id: 812345678901234 })).toMatchObject({
      status: 'paid',
      orderId: '298765432101',
      itemId: '100012043978',
      subOrderId: '812345678901234',
    })
  })

  const amounts: [value: unknown, fen: number | 'rejected'][] = [
    [12.3, 1230],
    ['12.3', 1230],
    ['0.005', 1],
    ['0.004', 0],
    [12.345, 1235],
    [' 7.10 ', 710],
    [0, 0],
    ['1e2', 'rejected'],
    ['-1.00', 'rejected'],
    [-0.01, 'rejected'],
    ['', 'rejected'],
    ['12,30', 'rejected'],
    ['¥12.30', 'rejected'],
    [null, 'rejected'],
    [true, 'rejected'],
    [Number.NaN, 'rejected'],
  ]
  it.each(amounts)('estimateFee %j → %s', (value, fen) => {
    const outcome = parse({ estimateFee: value })
    if (fen === 'rejected') {
      expect(outcome).toEqual({ kind: 'rejected', reason: expect.stringContaining('estimateFee'), orderId: expect.any(String), field: 'estimateFee' })
    }
    else expect(outcome).toMatchObject({ kind: 'order', order: { estimatedCommissionFen: fen } })
  })

  const required = ['id', 'orderId', 'orderTime', 'modifyTime', 'skuId', 'skuName', 'skuNum', 'estimateCosPrice', 'estimateFee', 'actualFee', 'validCode'] as const
  it.each(required)('rejects a row without %s, naming it', (field) => {
    expect(parseJdOrderRow(without(field), TODAY)).toMatchObject({ kind: 'rejected', reason: expect.stringContaining(field), field })
  })

  it('takes a row without the optional fields', () => {
    const row = { ...without('subUnionId'), finishTime: undefined, payMonth: undefined }
    expect(parseJdOrderRow(row, TODAY)).toMatchObject({ kind: 'order', order: { attributionId: null, receivedAt: null } })
  })

  const wrong: [field: string, value: unknown][] = [
    ['id', 1.5],
    ['id', 'A123'],
    ['orderId', 2 ** 60],
    ['orderId', -3],
    ['skuId', { id: 1 }],
    ['skuNum', 0],
    ['skuName', 42],
    ['validCode', 16.5],
    ['validCode', 'paid'],
    ['orderTime', '2026-03-10T10:00:00'],
    ['orderTime', '2026-02-30 10:00:00'],
    ['orderTime', 1773108000],
    ['modifyTime', '2026-03-10 24:00:00'],
    ['finishTime', '2026/03/10 12:00:00'],
    ['payMonth', 202603],
    ['payMonth', 20261340],
    ['payMonth', 'soon'],
    ['subUnionId', 7],
  ]
  it.each(wrong)('rejects %s = %j', (field, value) => {
    expect(parse({ [field]: value })).toMatchObject({ kind: 'rejected', reason: expect.stringContaining(field), field })
  })

  it('names the order of a rejected row, from orderId or else the row id', () => {
    expect(parse({ estimateFee: 'x' })).toMatchObject({ kind: 'rejected', orderId: '298765432101' })
    expect(parseJdOrderRow({ ...without('orderId'), estimateFee: 'x' }, TODAY)).toMatchObject({ kind: 'rejected', orderId: '812345678901234567' })
  })

  it('reads ids above 2^53 as the strings the lossless parse gives, and counts as strings', () => {
    const order = orderOf({ orderId: '9007199254740993', id: '90071992547409930001', skuNum: '2' })
    expect(order).toMatchObject({ orderId: '9007199254740993', subOrderId: '90071992547409930001', quantity: 2 })
  })

  it('keys the item by skuId, else by the string 联盟商品ID (mimicode/tksdk order row itemId)', () => {
    expect(orderOf({ itemId: 'Q9Z2ZdyM' }).itemId).toBe(orderOf({}).itemId)
    expect(orderOf({ skuId: 0, itemId: 'Q9Z2ZdyM' }).itemId).toBe('Q9Z2ZdyM')
    expect(orderOf({ skuId: undefined, itemId: 'Q9Z2ZdyM' }).itemId).toBe('Q9Z2ZdyM')
    expect(parse({ skuId: 0, itemId: '' })).toMatchObject({ kind: 'rejected', field: 'skuId' })
  })

  it.each([['', null], ['   ', null], [null, null], ['u_7 ', 'u_7']])('subUnionId %j → attributionId %j', (subUnionId, id) => {
    expect(orderOf({ subUnionId })).toMatchObject({ attributionId: id })
  })

  it('rejects an unknown validCode with the code in the reason', () => {
    expect(parse({ validCode: 99 })).toEqual({ kind: 'rejected', reason: 'unknown validCode 99', orderId: orderOf({}).orderId, field: 'validCode' })
  })

  it('rejects what is not a row at all', () => {
    for (const raw of [null, 'row', 42, []]) expect(parseJdOrderRow(raw, TODAY)).toMatchObject({ kind: 'rejected' })
  })
})

describe('JD time', () => {
  it('reads Beijing wall-clock times whatever the host zone', () => {
    expect(parseJdTime('2026-01-01 07:59:59')).toEqual(new Date('2025-12-31T23:59:59Z'))
    expect(parseJdTime('2026-01-01 08:00:00')).toEqual(new Date('2026-01-01T00:00:00Z'))
    expect(parseJdTime('2024-02-29 00:00:00')).toEqual(new Date('2024-02-28T16:00:00Z'))
    expect(parseJdTime('2025-02-29 00:00:00')).toBeNull()
    expect(parseJdTime('2026-01-01 8:00:00')).toBeNull()
  })

  it('gives the Beijing day, which turns at 16:00 UTC', () => {
    expect(jdDay(new Date('2026-03-09T15:59:59Z'))).toBe(20260309)
    expect(jdDay(new Date('2026-03-09T16:00:00Z'))).toBe(20260310)
    expect(jdDayStart(20260310)).toEqual(new Date('2026-03-09T16:00:00Z'))
    expect(jdDayStart(20260230)).toBeNull()
    expect(jdDayStart(2026031)).toBeNull()
  })
})
