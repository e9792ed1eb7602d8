import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPddForm, type PddBusinessParams } from '../../../src/platforms/pdd/pdd-request.js'
import { simItem } from '../../../src/simulator/catalog.js'
import { pddSimOrderStatus } from '../../../src/simulator/pdd/pdd-order-row.js'
import type { SimOrder } from '../../../src/simulator/sim-orders.js'
import { SIM_CREDENTIALS } from '../../../src/simulator/sim-state.js'
import { type RunningSimulator, startSimulator } from '../../../src/simulator/simulator-server.js'

const METHOD = 'pdd.ddk.order.list.increment.get'
const KEYS = { clientId: SIM_CREDENTIALS.pdd.appKey, secret: SIM_CREDENTIALS.pdd.secret }
const DAY_S = 86_400
/** 2026-04-01 00:00:00 UTC, in the Unix seconds PDD speaks. */
const T0 = 1_775_001_600

let sim: RunningSimulator
let clock = T0 * 1000

beforeAll(async () => {
  sim = await startSimulator({ port: 0 })
  sim.state.now = () => new Date(clock)
})

afterAll(async () => {
  await sim.close()
})

type OrderList = { order_list: Record<string, unknown>[]; total_count?: number; request_id: string }

async function list(params: PddBusinessParams): Promise<Record<string, unknown>> {
  const form = buildPddForm(METHOD, params, KEYS, new Date(clock))
  const response = await fetch(sim.gatewayUrl('pdd'), { method: 'POST', body: new URLSearchParams(form) })
  expect(response.status).toBe(200)
  return (await response.json()) as Record<string, unknown>
}

async function okList(params: PddBusinessParams): Promise<OrderList> {
  const body = await list(params)
  expect(Object.keys(body)).toEqual(['order_list_get_response'])
  return body.order_list_get_response as OrderList
}

const item = (() => {
  for (let n = 300_000_001; ; n++) if (simItem('pdd', String(n)).inProgram) return simItem('pdd', String(n))
})()

function buyAt(seconds: number, attributionId?: string) {
  clock = seconds * 1000 + 400
  return sim.state.orders.buy({ platform: 'pdd', itemKey: item.itemKey, attributionId })
}

describe('the simulator’s pdd.ddk.order.list.increment.get', () => {
  const day = T0 + 10 * DAY_S
  let orders: SimOrder[] = []
  beforeAll(() => {
    orders = Array.from({ length: 25 }, (_, i) => buyAt(day + 60 * i, i % 2 === 0 ? `u_${i}` : undefined))
  })
  const range = { start_update_time: day, end_update_time: day + 3600 }

  it('answers the real success shape, with total_count only when asked', async () => {
    const counted = await okList({ ...range, return_count: true })
    expect(Object.keys(counted).sort()).toEqual(['order_list', 'request_id', 'total_count'])
    expect(counted.total_count).toBe(25)
    expect(counted.request_id).toMatch(/^\d+$/)
    const uncounted = await okList(range)
    expect(uncounted.total_count).toBeUndefined()
    expect(uncounted.order_list).toHaveLength(25)
  })

  it('renders a row in 分, ‰ and Unix seconds, with custom_parameters as JSON text', async () => {
    const [row] = (await okList({ ...range, page_size: 10 })).order_list
    const order = orders[0]
    expect(row).toEqual({
      order_sn: order?.orderId,
      goods_sign: item.apiId,
      // Above 2^53 on the wire (the raw text is checked below); JSON.parse here rounds it.
      group_id: expect.any(Number),
      goods_name: item.title,
      goods_thumbnail_url: item.imageUrl,
      goods_quantity: 1,
      goods_price: item.priceFen,
      order_amount: order?.paidFen,
      promotion_rate: item.commissionRateBp / 10,
      promotion_amount: order?.commissionFen,
      order_status: expect.any(Number),
      order_status_desc: expect.any(String),
      custom_parameters: '{"uid":"u_0"}',
      p_id: '1949211_49329093',
      order_create_time: day,
      order_pay_time: day,
      order_modify_at: day,
      ...(row?.order_status === 1 ? { order_group_success_time: day } : {}),
    })
    expect([0, 1]).toContain(row?.order_status)
    const unattributed = (await okList({ ...range, page_size: 10 })).order_list[1]
    expect(unattributed).not.toHaveProperty('custom_parameters')
  })

  it('writes group_id as a bare integer above 2^53 (reference C9)', async () => {
    const form = buildPddForm(METHOD, { ...range, page_size: 10 }, KEYS, new Date(clock))
    const text = await (await fetch(sim.gatewayUrl('pdd'), { method: 'POST', body: new URLSearchParams(form) })).text()
    const ids = [...text.matchAll(/"group_id":(\d+)[,}]/g)].map((m) => BigInt(m[1] ?? '0'))
    expect(ids).toHaveLength(10)
    expect(ids.every((id) => id > 2n ** 53n)).toBe(true)
  })

  it('renders other promoters’ orders with opaque custom_parameters, some as older rows with goods_id only', async () => {
    const at = T0 + 12 * DAY_S
    const foreign = Array.from({ length: 12 }, (_, i) => {
      clock = (at + i) * 1000 + 400
      return sim.state.orders.buy({ platform: 'pdd', itemKey: item.itemKey, otherPromoter: true })
    })
    const rows = (await okList({ start_update_time: at, end_update_time: at + 60 })).order_list
    expect(rows.map((r) => r.order_sn)).toEqual(foreign.map((o) => o.orderId))
    for (const row of rows) {
      expect(row.custom_parameters).toMatch(/^op_[0-9A-Za-z]{10}$/)
      expect(() => JSON.parse(String(row.custom_parameters))).toThrow()
    }
    const older = rows.filter((r) => !('goods_sign' in r))
    expect(older.length).toBeGreaterThan(0)
    expect(older.length).toBeLessThan(rows.length)
    expect(older.every((r) => r.goods_id === Number(item.itemKey))).toBe(true)
  })

  it('pages by page and page_size, oldest change first', async () => {
    const pages = await Promise.all([1, 2, 3, 4].map((page) => okList({ ...range, page, page_size: 10 })))
    expect(pages.map((p) => p.order_list.length)).toEqual([10, 10, 5, 0])
    const sns = pages.flatMap((p) => p.order_list.map((r) => r.order_sn))
    expect(sns).toEqual(orders.map((o) => o.orderId))
  })

  it('includes both ends of the range, in whole seconds', async () => {
    const sns = async (start: number, end: number) =>
      (await okList({ start_update_time: start, end_update_time: end })).order_list.map((r) => r.order_sn)
    expect(await sns(day + 60, day + 120)).toEqual([orders[1]?.orderId, orders[2]?.orderId])
    expect(await sns(day + 61, day + 119)).toEqual([])
  })

  it('answers 直播间 orders (query_order_type=2) with none', async () => {
    expect((await okList({ ...range, query_order_type: 2 })).order_list).toEqual([])
    expect((await okList({ ...range, query_order_type: 1 })).order_list).toHaveLength(25)
  })

  it.each<[string, PddBusinessParams]>([
    ['a range over 24 h', { start_update_time: day, end_update_time: day + DAY_S + 1 }],
    ['an inverted range', { start_update_time: day + 10, end_update_time: day }],
    ['times in milliseconds', { start_update_time: day * 1000, end_update_time: day * 1000 + 1000 }],
    ['a date string', { start_update_time: '2026-04-11 00:00:00', end_update_time: day }],
    ['no start_update_time', { end_update_time: day }],
    ['a range older than 90 days', { start_update_time: day - 100 * DAY_S, end_update_time: day - 100 * DAY_S + 60 }],
    ['page 0', { ...range, page: 0 }],
    ['page_size 5', { ...range, page_size: 5 }],
    ['page_size 101', { ...range, page_size: 101 }],
    ['return_count TRUE', { ...range, return_count: 'TRUE' }],
    ['query_order_type 3', { ...range, query_order_type: 3 }],
  ])('answers %s with error_response 10000', async (_label, params) => {
    const body = (await list(params)) as { error_response?: Record<string, unknown> }
    expect(body.error_response).toMatchObject({ error_code: 10000, error_msg: '参数错误', sub_code: '10000' })
  })

  it('accepts exactly 24 h', async () => {
    expect((await okList({ start_update_time: day, end_update_time: day + DAY_S })).order_list).toHaveLength(25)
  })
})

describe(pddSimOrderStatus.name, () => {
  it('follows an order through 0/1 → 2 → 5 → 10, and a refund before settlement to 4', () => {
    const settled = buyAt(T0 + 20 * DAY_S, 'u_s')
    expect([0, 1]).toContain(pddSimOrderStatus(settled))
    sim.state.orders.receive(settled.orderId)
    expect(pddSimOrderStatus(settled)).toBe(2)
    sim.state.orders.settleAll('pdd')
    expect(pddSimOrderStatus(settled)).toBe(5)
    sim.state.orders.refund(settled.orderId)
    expect(pddSimOrderStatus(settled)).toBe(10)

    const early = buyAt(T0 + 20 * DAY_S + 1, 'u_e')
    sim.state.orders.refund(early.orderId)
    expect(pddSimOrderStatus(early)).toBe(4)

    const offProgram = (() => {
      for (let n = 300_000_001; ; n++) if (!simItem('pdd', String(n)).inProgram) return String(n)
    })()
    expect(pddSimOrderStatus(sim.state.orders.buy({ platform: 'pdd', itemKey: offProgram }))).toBe(8)
  })

  it('shows both 0 (waiting for the group) and 1 (已成团) for paid orders', () => {
    const codes = new Set(Array.from({ length: 20 }, (_, i) => pddSimOrderStatus(buyAt(T0 + 30 * DAY_S + i))))
    expect(codes).toEqual(new Set([0, 1]))
  })
})
