import { beforeEach, describe, expect, it } from 'vitest'
import { buildTaobaoForm, type BusinessParams } from '../../../src/platforms/taobao/taobao-request.js'
import { simItem } from '../../../src/simulator/catalog.js'
import { SIM_CREDENTIALS, SimState } from '../../../src/simulator/sim-state.js'
import { FOREIGN_RELATION_ID, listedTwice, SIM_ADZONE_ID, SIM_SECOND_ADZONE_ID } from '../../../src/simulator/taobao/taobao-order-dto.js'
import { taobaoSim } from '../../../src/simulator/taobao/taobao.sim.js'

const signer = { ...SIM_CREDENTIALS.taobao, signMethod: 'md5' as const }
const T0 = Date.parse('2026-03-01T02:00:00Z')
const YUAN = /^\d+\.\d{2}$/
const TOP_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/

let state: SimState
let clock: number

type Json = Record<string, unknown>

function call(method: string, business: BusinessParams): Json {
  return taobaoSim.handle(buildTaobaoForm(method, business, signer, new Date(clock)), state).body as Json
}

const details = (business: BusinessParams) => call('taobao.tbk.order.details.get', business)
const refunds = (option: Json) =>
  call('taobao.tbk.order.refund.get', { publisher_refund_order_query_option: JSON.stringify(option) })

const dataOf = (body: Json, root = 'tbk_order_details_get_response') => (body[root] as { data: Json }).data
const rowsOf = (data: Json): Json[] => (data.results as { publisher_order_dto?: Json[] } | undefined)?.publisher_order_dto ?? []
const errorOf = (body: Json) => body.error_response as { code: number; sub_code?: string; sub_msg?: string } | undefined

const WINDOW = { start_time: '2026-03-01 10:00:00', end_time: '2026-03-01 13:00:00' }

function buyAt(offsetMs: number, options: { relationId?: string; otherPromoter?: boolean } = {}) {
  clock = T0 + offsetMs
  return state.orders.buy({ platform: 'taobao', itemKey: String(600_000 + offsetMs), ...options })
}

function topTimeAt(offsetMs: number): string {
  return new Date(T0 + offsetMs + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')
}

beforeEach(() => {
  clock = T0
  state = new SimState({ now: () => new Date(clock) })
})

describe('simulated taobao.tbk.order.details.get', () => {
  it('renders a row with TOP field types: 元 strings, GMT+8 times, numeric codes, "--" empties', () => {
    let offset = 5_000
    while (!simItem('taobao', String(600_000 + offset)).inProgram) offset++
    const order = buyAt(offset, { relationId: '2712345678' })
    const data = dataOf(details({ ...WINDOW, query_type: 4 }))
    expect(data).toMatchObject({ has_next: false, has_pre: false, page_no: 1, page_size: 20, position_index: expect.any(String) })
    const [row] = rowsOf(data)
    expect(row).toMatchObject({
      trade_parent_id: order.orderId,
      trade_id: order.subOrderId,
      item_id: order.item.apiId,
      item_title: order.item.title,
      item_num: 1,
      alipay_total_price: expect.stringMatching(YUAN),
      pub_share_pre_fee: expect.stringMatching(YUAN),
      pub_share_fee: '0.00',
      tk_status: 12,
      tk_paid_time: topTimeAt(offset),
      modified_time: topTimeAt(offset),
      tk_earning_time: '--',
      tk_deposit_time: '--',
      flow_source: '--',
      relation_id: 2712345678,
      adzone_id: SIM_ADZONE_ID,
      refund_tag: 0,
    })
    expect(row).not.toHaveProperty('external_id')
  })

  it('renders a 14 row without modified_time and tk_earning_time, as the captured one (C2)', () => {
    const key = [...Array(50).keys()].map((i) => String(600_000 + i)).find((k) => simItem('taobao', k).inProgram) ?? ''
    const order = state.orders.buy({ platform: 'taobao', itemKey: key })
    clock += 60_000
    state.orders.receive(order.orderId)
    const [row] = rowsOf(dataOf(details({ ...WINDOW, query_type: 4 })))
    expect(row).toMatchObject({ tk_status: 14, tk_paid_time: '2026-03-01 10:00:00' })
    expect(row).not.toHaveProperty('modified_time')
    expect(row).not.toHaveProperty('tk_earning_time')
  })

  it('gives the item id as a JSON number on rows it cannot attribute, the encrypted id on ours', () => {
    const foreign = buyAt(2_000, { otherPromoter: true })
    const [row] = rowsOf(dataOf(details(WINDOW)))
    expect(row?.item_id).toBe(Number(foreign.item.itemKey))
  })

  it('lists some sub-orders twice, the second time on another adzone (C2)', () => {
    const orders = Array.from({ length: 30 }, (_, i) => buyAt(1_000 * (i + 1)))
    const twice = orders.filter(listedTwice)
    expect(twice.length).toBeGreaterThan(0)
    const rows = rowsOf(dataOf(details({ ...WINDOW, page_size: 100 })))
    expect(rows).toHaveLength(orders.length + twice.length)
    const copies = rows.filter((r) => r.trade_id === twice[0]?.subOrderId)
    expect(copies.map((r) => r.adzone_id)).toEqual([SIM_ADZONE_ID, SIM_SECOND_ADZONE_ID])
  })

  it('walks tk_status 12 → 14 → 3, and leaves a refund after settlement at 3 with refund_tag 1', () => {
    const key = [...Array(50).keys()].map((i) => String(600_000 + i)).find((k) => simItem('taobao', k).inProgram) ?? ''
    const order = state.orders.buy({ platform: 'taobao', itemKey: key })
    const statusNow = () => rowsOf(dataOf(details({ ...WINDOW, query_type: 1 })))[0]
    expect(statusNow()).toMatchObject({ tk_status: 12 })
    clock += 60_000
    state.orders.receive(order.orderId)
    expect(statusNow()).toMatchObject({ tk_status: 14, pub_share_fee: '0.00' })
    expect(statusNow()).not.toHaveProperty('modified_time')
    clock += 60_000
    state.orders.settleAll('taobao')
    const settled = statusNow()
    expect(settled).toMatchObject({ tk_status: 3, tk_earning_time: '2026-03-01 10:02:00', refund_tag: 0 })
    expect(settled?.pub_share_fee).toBe(settled?.pub_share_pre_fee)
    clock += 60_000
    state.orders.refund(order.orderId)
    expect(statusNow()).toMatchObject({ tk_status: 3, refund_tag: 1, pub_share_fee: settled?.pub_share_fee })
  })

  it('gives another promoter’s order a relation id of its own', () => {
    buyAt(1_000, { otherPromoter: true })
    expect(rowsOf(dataOf(details(WINDOW)))[0]).toMatchObject({ relation_id: FOREIGN_RELATION_ID })
  })

  it('pages forward by position_index + jump_type 1, back with -1, or by page_no', () => {
    const ids = [1, 2, 3, 4, 5].map((s) => buyAt(s * 1000)).flatMap((o) => (listedTwice(o) ? [o.subOrderId, o.subOrderId] : [o.subOrderId])).slice(0, 5)
    const first = dataOf(details({ ...WINDOW, query_type: 4, page_size: 2 }))
    expect(first).toMatchObject({ has_next: true, has_pre: false })
    expect(rowsOf(first).map((r) => r.trade_id)).toEqual(ids.slice(0, 2))
    const position = String(first.position_index)
    const second = dataOf(details({ ...WINDOW, query_type: 4, page_size: 2, page_no: 2, position_index: position, jump_type: 1 }))
    expect(second).toMatchObject({ has_next: true, has_pre: true })
    expect(rowsOf(second).map((r) => r.trade_id)).toEqual(ids.slice(2, 4))
    const back = dataOf(
      details({ ...WINDOW, query_type: 4, page_size: 2, page_no: 1, position_index: String(second.position_index), jump_type: -1 }),
    )
    expect(rowsOf(back).map((r) => r.trade_id)).toEqual(ids.slice(0, 2))
    const third = dataOf(details({ ...WINDOW, query_type: 4, page_size: 2, page_no: 3 }))
    expect(third).toMatchObject({ has_pre: true })
    expect(rowsOf(third).map((r) => r.trade_id)[0]).toEqual(ids[4])
  })

  it('leaves the list out of an empty page', () => {
    const data = dataOf(details(WINDOW))
    expect(data).toMatchObject({ has_next: false })
    expect(data).not.toHaveProperty('results')
  })

  it('counts the window as [start, end) at the second, by the time query_type names', () => {
    const order = buyAt(3 * 3_600_000)
    expect(rowsOf(dataOf(details({ ...WINDOW, query_type: 4 })))).toEqual([])
    const next = { start_time: '2026-03-01 13:00:00', end_time: '2026-03-01 13:00:01', query_type: 2 }
    expect(rowsOf(dataOf(details(next))).map((r) => r.trade_id)).toEqual([order.subOrderId])
  })

  it.each<[string, BusinessParams, number, string | undefined]>([
    ['a window over 3 h', { start_time: '2026-03-01 10:00:00', end_time: '2026-03-01 13:00:01' }, 15, 'isv.invalid-parameter'],
    ['a window over 20 min in a big sale', { start_time: '2026-03-01 10:00:00', end_time: '2026-03-01 10:20:01', big_sale: 'yes' }, 15, 'isv.invalid-parameter'],
    ['a window ending before it starts', { start_time: '2026-03-01 13:00:00', end_time: '2026-03-01 10:00:00' }, 15, 'isv.invalid-parameter'],
    ['no start_time', { end_time: '2026-03-01 13:00:00' }, 40, undefined],
    ['a malformed start_time', { start_time: '2026-03-01T10:00:00', end_time: '2026-03-01 13:00:00' }, 41, undefined],
    ['an impossible date', { start_time: '2026-02-30 10:00:00', end_time: '2026-03-01 13:00:00' }, 41, undefined],
    ['page_size over 100', { ...WINDOW, page_size: 101 }, 41, undefined],
    ['page_no over 100', { ...WINDOW, page_no: 101 }, 41, undefined],
    ['an unknown query_type', { ...WINDOW, query_type: 9 }, 41, undefined],
    ['a position_index without jump_type', { ...WINDOW, position_index: '1_1.2_2' }, 41, undefined],
    ['a position_index it never issued', { ...WINDOW, position_index: 'abc', jump_type: 1 }, 41, undefined],
  ])('answers %s with error %s', (_name, { big_sale: bigSale, ...business }, code, subCode) => {
    state.settings.taobaoBigSale = bigSale !== undefined
    const error = errorOf(details(business))
    expect(error?.code).toBe(code)
    if (subCode) expect(error?.sub_code).toBe(subCode)
  })
})

describe('simulated taobao.tbk.order.refund.get', () => {
  const OPTION = { query_type: 5, ...WINDOW, page_size: 100, page_no: 1, order_scene: 1, member_type: 4 }
  const refundData = (option: Json) => dataOf(refunds(option), 'tbk_order_refund_get_response')
  const refundRows = (data: Json): Json[] =>
    (data.result as { publisher_refund_order_dto?: Json[] } | undefined)?.publisher_refund_order_dto ?? []

  function settledThenRefunded(offsetMs: number) {
    let i = 0
    while (!simItem('taobao', String(600_000 + offsetMs + i)).inProgram) i++
    const order = buyAt(offsetMs + i)
    state.orders.receive(order.orderId)
    state.orders.settleAll('taobao')
    state.orders.refund(order.orderId)
    return order
  }

  it('lists a clawback (refund_status 13) for each order refunded after settlement, and nothing else', () => {
    const refunded = settledThenRefunded(1_000)
    const before = buyAt(9_000)
    state.orders.refund(before.orderId)
    const data = refundData(OPTION)
    expect(data).toMatchObject({ has_next: false, has_pre: false, page_no: 1, page_size: 100 })
    const rows = refundRows(data)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      tb_trade_parent_id: refunded.orderId,
      tb_trade_id: refunded.subOrderId,
      refund_status: 13,
      show_return_fee: expect.stringMatching(YUAN),
      tk_commission_fee_refund: expect.stringMatching(YUAN),
      tk_refund_time: expect.stringMatching(TOP_TIME),
      modified_time: expect.stringMatching(TOP_TIME),
    })
    // C1: the real rows carry none of the order line's item or payment fields.
    for (const field of ['item_id', 'item_num', 'alipay_total_price', 'pub_share_pre_fee', 'tk_paid_time', 'external_id']) {
      expect(rows[0]).not.toHaveProperty(field)
    }
    expect(rows[0]?.show_return_fee).toBe(rows[0]?.pub_share_fee)
    expect(rows[0]?.show_return_fee).not.toBe('0.00')
  })

  it('pages by position_index like the order API', () => {
    settledThenRefunded(1_000)
    settledThenRefunded(100_000)
    const first = refundData({ ...OPTION, page_size: 1 })
    expect(first).toMatchObject({ has_next: true })
    const second = refundData({ ...OPTION, page_size: 1, page_no: 2, position_index: first.position_index, jump_type: 1 })
    expect(second).toMatchObject({ has_next: false, has_pre: true })
    expect(refundRows(second)[0]?.tb_trade_id).not.toBe(refundRows(first)[0]?.tb_trade_id)
  })

  it.each<[string, string | Json]>([
    ['an option that is not JSON', '{query_type:5'],
    ['a window over 3 h', { ...OPTION, end_time: '2026-03-01 13:00:01' }],
    ['update-time queries before 2022-12-20', { ...OPTION, start_time: '2022-12-19 23:00:00', end_time: '2022-12-20 01:00:00' }],
    ['an unknown query_type', { ...OPTION, query_type: 7 }],
  ])('reports %s as a business error inside the success envelope', (_name, option) => {
    const raw = typeof option === 'string' ? option : JSON.stringify(option)
    const body = call('taobao.tbk.order.refund.get', { publisher_refund_order_query_option: raw })
    expect(body.tbk_order_refund_get_response).toMatchObject({ biz_error_code: 102, biz_error_desc: expect.any(String) })
  })

  it('answers a call without the query option with a gateway error', () => {
    expect(errorOf(call('taobao.tbk.order.refund.get', {}))?.code).toBe(40)
  })
})
