import { describe, expect, it } from 'vitest'
import type { OrderWindow } from '../../../src/platforms/order-feed.js'
import { PlatformRequestError, PlatformResponseError } from '../../../src/platforms/platform-errors.js'
import { fetchTaobaoOrderPage, TAOBAO_ORDER_WINDOW_MS, type TopCall } from '../../../src/platforms/taobao/taobao-order-feed.js'
import type { BusinessParams } from '../../../src/platforms/taobao/taobao-request.js'

const WINDOW: OrderWindow = { start: new Date('2026-03-01T02:00:00.250Z'), end: new Date('2026-03-01T05:00:00.250Z') }

const orderRow = (tradeId: string, overrides: Record<string, unknown> = {}) => ({
  trade_parent_id: '3001234567890123456',
  trade_id: tradeId,
  item_id: 'Q2ZryagTbnyvKd5NTbP',
  item_title: '三只松鼠每日坚果30包',
  item_num: 1,
  alipay_total_price: '99.00',
  pub_share_pre_fee: '9.90',
  pub_share_fee: '0.00',
  tk_status: 12,
  tk_paid_time: '2026-03-01 10:00:00',
  tk_earning_time: '',
  modified_time: '2026-03-01 10:00:00',
  relation_id: '',
  ...overrides,
})

/** A `publisher_refund_order_dto` row (C1): no item or payment fields. */
const refundRow = (tradeId: string, refundStatus: number) => ({
  refund_suit_id: `${tradeId}01`,
  tb_trade_parent_id: '3001234567890123456',
  tb_trade_id: tradeId,
  refund_status: refundStatus,
  item_title: '三只松鼠每日坚果30包',
  pub_share_fee: '9.90',
  tk_commission_fee_refund: '8.91',
  show_return_fee: '9.90',
  earning_time: '2026-03-20 12:00:00',
  tk_refund_time: '2026-04-01 09:00:00',
  modified_time: '2026-04-01 10:00:00',
})

interface Recorded {
  readonly method: string
  readonly params: BusinessParams
}

/** A stand-in for TaobaoPlatform.call answering recorded-style success roots in turn. */
function replay(...roots: Array<Record<string, unknown>>): { call: TopCall; calls: Recorded[] } {
  const calls: Recorded[] = []
  const call: TopCall = async (method, params) => {
    calls.push({ method, params })
    const root = roots.shift()
    if (!root) throw new Error('no more recorded answers')
    return root
  }
  return { call, calls }
}

const detailsRoot = (data: Record<string, unknown> | undefined) => ({ ...(data && { data }), request_id: 'abc123' })

describe(fetchTaobaoOrderPage.name, () => {
  it('asks order.details.get by update time for the window in GMT+8 seconds, 100 a page', async () => {
    const { call, calls } = replay(detailsRoot({ has_next: false, results: { publisher_order_dto: [orderRow('1')] } }))
    const page = await fetchTaobaoOrderPage(call, WINDOW, undefined)
    expect(calls).toEqual([
      {
        method: 'taobao.tbk.order.details.get',
        params: expect.objectContaining({
          start_time: '2026-03-01 10:00:00',
          end_time: '2026-03-01 13:00:00',
          query_type: 4,
          page_size: 100,
          page_no: 1,
          position_index: undefined,
          jump_type: undefined,
        }),
      },
    ])
    expect(page.orders.map((o) => o.subOrderId)).toEqual(['1'])
    expect(page.nextCursor).toBeDefined()
  })

  it('keeps the good rows of a page and rejects the bad ones with the raw row, its order id and field', async () => {
    const bad = orderRow('2', { alipay_total_price: '1e2' })
    const unknown = orderRow('3', { tk_status: 99 })
    const unpaid = orderRow('5', { tk_status: 11 })
    const { call } = replay(
      detailsRoot({ has_next: false, results: { publisher_order_dto: [orderRow('1'), bad, unknown, unpaid, orderRow('4')] } }),
    )
    const page = await fetchTaobaoOrderPage(call, WINDOW, undefined)
    expect(page.orders.map((o) => o.subOrderId)).toEqual(['1', '4'])
    expect(page.rejected).toEqual([
      { reason: expect.stringMatching(/alipay_total_price/), raw: bad, orderId: '2', field: 'alipay_total_price' },
      { reason: 'unknown tk_status 99', raw: unknown, orderId: '3', field: 'tk_status' },
    ])
  })

  it('credits a trade_id listed twice once, keeping the row on our own adzone', async () => {
    const ours = orderRow('1', { adzone_id: 111078300337, pub_share_pre_fee: '9.90' })
    const other = orderRow('1', { adzone_id: 111067000033, pub_share_pre_fee: '9.80' })
    const { call } = replay(detailsRoot({ has_next: false, results: { publisher_order_dto: [other, ours, orderRow('2')] } }))
    const page = await fetchTaobaoOrderPage(call, WINDOW, undefined, '111078300337')
    expect(page.orders.map((o) => [o.subOrderId, o.estimatedCommissionFen])).toEqual([['1', 990], ['2', 990]])
    const { call: again } = replay(detailsRoot({ has_next: false, results: { publisher_order_dto: [other, ours] } }))
    expect((await fetchTaobaoOrderPage(again, WINDOW, undefined, '5')).orders.map((o) => o.estimatedCommissionFen)).toEqual([980])
  })

  it.each<[string, Record<string, unknown> | undefined, number]>([
    ['a wrapped list', { has_next: false, results: { publisher_order_dto: [orderRow('1'), orderRow('2')] } }, 2],
    ['a bare list', { has_next: 'false', results: [orderRow('1')] }, 1],
    ['no list on an empty page', { has_next: false, position_index: '' }, 0],
    ['no data at all', undefined, 0],
  ])('reads %s', async (_name, data, count) => {
    const { call } = replay(detailsRoot(data))
    expect((await fetchTaobaoOrderPage(call, WINDOW, undefined)).orders).toHaveLength(count)
  })

  it('refuses a page whose list it cannot find', async () => {
    const { call } = replay(detailsRoot({ has_next: false, results: { publisher_order_dto: 'none' } }))
    await expect(fetchTaobaoOrderPage(call, WINDOW, undefined)).rejects.toBeInstanceOf(PlatformResponseError)
  })

  it('pages on with position_index and jump_type 1, then turns to the refund API', async () => {
    const { call, calls } = replay(
      detailsRoot({ has_next: true, position_index: 'pos-1', results: { publisher_order_dto: [orderRow('1')] } }),
      detailsRoot({ has_next: false, position_index: 'pos-2', results: { publisher_order_dto: [orderRow('2')] } }),
      { data: { has_next: true, position_index: 'r-1', result: { publisher_refund_order_dto: [refundRow('1', 13)] } } },
      { data: { has_next: false, result: { publisher_refund_order_dto: [refundRow('9', 14), refundRow('2', 12)] } } },
    )
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await fetchTaobaoOrderPage(call, WINDOW, cursor)
      seen.push(...page.orders.map((o) => `${o.subOrderId}:${o.status}`))
      seen.push(...(page.refunds ?? []).map((r) => `${r.subOrderId}:refund ${r.commissionRefundFen}`))
      expect(page.rejected).toEqual([])
      cursor = page.nextCursor
    } while (cursor !== undefined)
    expect(seen).toEqual(['1:paid', '2:paid', '1:refund 990', '2:refund 990'])
    expect(calls.map((c) => [c.method, c.params.page_no, c.params.position_index, c.params.jump_type])).toEqual([
      ['taobao.tbk.order.details.get', 1, undefined, undefined],
      ['taobao.tbk.order.details.get', 2, 'pos-1', 1],
      ['taobao.tbk.order.refund.get', undefined, undefined, undefined],
      ['taobao.tbk.order.refund.get', undefined, undefined, undefined],
    ])
    const options = calls.slice(2).map((c) => JSON.parse(String(c.params.publisher_refund_order_query_option)) as unknown)
    expect(options).toEqual([
      {
        query_type: 5,
        start_time: '2026-03-01 10:00:00',
        end_time: '2026-03-01 13:00:00',
        page_size: 100,
        page_no: 1,
        order_scene: 1,
        member_type: 4,
      },
      expect.objectContaining({ page_no: 2, position_index: 'r-1', jump_type: 1 }),
    ])
  })

  it('reads refund pages held in `result` with a bare row list', async () => {
    const first = await fetchTaobaoOrderPage(replay(detailsRoot(undefined)).call, WINDOW, undefined)
    const { call } = replay({ result: { has_next: false, result: [refundRow('7', 13)] } })
    const page = await fetchTaobaoOrderPage(call, WINDOW, first.nextCursor)
    expect(page.orders).toEqual([])
    expect(page.refunds?.map((r) => [r.orderId, r.subOrderId, r.refundId])).toEqual([['3001234567890123456', '7', '701']])
    expect(page.nextCursor).toBeUndefined()
  })

  it.each<[string, OrderWindow]>([
    ['longer than 3 h', { start: WINDOW.start, end: new Date(WINDOW.start.getTime() + TAOBAO_ORDER_WINDOW_MS + 1) }],
    ['ending before it starts', { start: WINDOW.end, end: WINDOW.start }],
    ['with an invalid date', { start: new Date(Number.NaN), end: WINDOW.end }],
  ])('refuses a window %s before calling', async (_name, window) => {
    const { call, calls } = replay()
    await expect(fetchTaobaoOrderPage(call, window, undefined)).rejects.toBeInstanceOf(PlatformRequestError)
    expect(calls).toEqual([])
  })

  it('accepts exactly 3 h, and answers a window inside one second without calling', async () => {
    const exact = { start: WINDOW.start, end: new Date(WINDOW.start.getTime() + TAOBAO_ORDER_WINDOW_MS) }
    await expect(fetchTaobaoOrderPage(replay(detailsRoot(undefined)).call, exact, undefined)).resolves.toBeDefined()
    const { call, calls } = replay()
    const tiny = { start: new Date('2026-03-01T02:00:00.100Z'), end: new Date('2026-03-01T02:00:00.900Z') }
    expect(await fetchTaobaoOrderPage(call, tiny, undefined)).toEqual({ orders: [], refunds: [], rejected: [], nextCursor: undefined })
    expect(calls).toEqual([])
  })

  it.each<[string, string]>([
    ['not JSON', 'page-2'],
    ['another shape', '{"page":2}'],
    ['another window', JSON.stringify({ phase: 'orders', pageNo: 2, start: 0, end: 1 })],
  ])('refuses a cursor that is %s', async (_name, cursor) => {
    const { call, calls } = replay()
    await expect(fetchTaobaoOrderPage(call, WINDOW, cursor)).rejects.toBeInstanceOf(PlatformRequestError)
    expect(calls).toEqual([])
  })
})
