import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildJdForm } from '../../../src/platforms/jd/jd-form.js'
import { type SimItem, simItem } from '../../../src/simulator/catalog.js'
import { type RunningSimulator, startSimulator } from '../../../src/simulator/simulator-server.js'
import { SIM_CREDENTIALS, SimState } from '../../../src/simulator/sim-state.js'

const METHOD = 'jd.union.open.order.row.query'
const MINUTE = 60_000
/** 10:00 in Beijing on 2026-03-10. */
const START = new Date('2026-03-10T02:00:00Z')

let clock: Date
let sim: RunningSimulator

const advance = (ms: number): void => {
  clock = new Date(clock.getTime() + ms)
}

function findItem(test: (item: SimItem) => boolean): SimItem {
  for (let i = 0; i < 10_000; i++) {
    const item = simItem('jd', String(100_012_000_000 + i))
    if (test(item)) return item
  }
  throw new Error('no such catalog item')
}

const ITEM = findItem((item) => item.inProgram && item.commissionRateBp > 0)
const buy = (attributionId?: string): ReturnType<RunningSimulator['state']['orders']['buy']> =>
  sim.state.orders.buy({ platform: 'jd', itemKey: ITEM.itemKey, attributionId })

interface QueryResult {
  code: number
  message: string
  data?: Record<string, unknown>[]
  hasMore?: boolean
  requestId: string
  [key: string]: unknown
}

/** One signed order.row.query straight to the simulator; the parsed envelope and queryResult. */
async function query(orderReq: Record<string, unknown>): Promise<{ envelope: Record<string, unknown>; result: QueryResult }> {
  const form = buildJdForm({ method: METHOD, ...SIM_CREDENTIALS.jd, now: clock, businessParams: { orderReq } })
  const response = await fetch(sim.gatewayUrl('jd'), { method: 'POST', body: new URLSearchParams(form) })
  const envelope = (await response.json()) as Record<string, unknown>
  const root = envelope.jd_union_open_order_row_query_responce as { code: string; queryResult: string }
  return { envelope, result: JSON.parse(root.queryResult) as QueryResult }
}

const byUpdate = (startTime: string, endTime: string, page: Record<string, unknown> = {}): Record<string, unknown> => ({
  pageIndex: 1,
  pageSize: 20,
  type: 3,
  startTime,
  endTime,
  ...page,
})

beforeEach(async () => {
  clock = START
  sim = await startSimulator({ port: 0, state: new SimState({ now: () => clock }) })
})

afterEach(async () => {
  await sim.close()
})

describe('simulated jd.union.open.order.row.query', () => {
  it('answers in the JOS envelope with a queryResult string of rows', async () => {
    const order = buy('u_42')
    const { envelope, result } = await query(byUpdate('2026-03-10 09:30:00', '2026-03-10 10:30:00'))
    expect(Object.keys(envelope)).toEqual(['jd_union_open_order_row_query_responce'])
    expect(result).toEqual({ code: 200, message: 'success', hasMore: false, requestId: expect.any(String), data: [expect.any(Object)] })
    expect(result.data?.[0]).toMatchObject({
      id: order.subOrderId,
      orderId: Number(order.orderId),
      parentId: 0,
      orderTime: '2026-03-10 10:00:00',
      finishTime: '',
      modifyTime: '2026-03-10 10:00:00',
      skuId: Number(ITEM.apiId),
      skuName: ITEM.title,
      skuNum: 1,
      estimateCosPrice: order.paidFen / 100,
      estimateFee: order.commissionFen / 100,
      actualCosPrice: 0,
      actualFee: 0,
      commissionRate: ITEM.commissionRateBp / 100,
      validCode: 16,
      payMonth: 0,
      subUnionId: 'u_42',
      unionId: expect.any(Number),
    })
  })

  it('pages by pageIndex with hasMore, oldest update first', async () => {
    const orders = Array.from({ length: 5 }, (_, i) => {
      advance(1000)
      return buy(`u_${i}`)
    })
    const ids: unknown[] = []
    const more: unknown[] = []
    for (const pageIndex of [1, 2, 3, 4]) {
      const { result } = await query(byUpdate('2026-03-10 10:00:00', '2026-03-10 11:00:00', { pageIndex, pageSize: 2 }))
      ids.push(...(result.data ?? []).map((row) => row.id))
      more.push(result.hasMore)
    }
    expect(ids).toEqual(orders.map((order) => order.subOrderId))
    expect(more).toEqual([true, true, false, false])
  })

  it('selects by order, finish or update time as `type` says, in [startTime, endTime)', async () => {
    const order = buy()
    advance(2 * 60 * MINUTE)
    sim.state.orders.receive(order.orderId)
    const ids = async (type: number, startTime: string, endTime: string): Promise<unknown[]> =>
      ((await query({ ...byUpdate(startTime, endTime), type })).result.data ?? []).map((row) => row.id)
    expect(await ids(1, '2026-03-10 10:00:00', '2026-03-10 11:00:00')).toEqual([order.subOrderId])
    expect(await ids(1, '2026-03-10 09:00:00', '2026-03-10 10:00:00')).toEqual([])
    expect(await ids(2, '2026-03-10 12:00:00', '2026-03-10 13:00:00')).toEqual([order.subOrderId])
    expect(await ids(3, '2026-03-10 10:00:00', '2026-03-10 11:00:00')).toEqual([])
    expect(await ids(3, '2026-03-10 12:00:00', '2026-03-10 13:00:00')).toEqual([order.subOrderId])
  })

  it('renders each stage with JD codes: 17 with a future payMonth, then the settlement day, then actualFee rewritten', async () => {
    const order = buy()
    const row = async (): Promise<Record<string, unknown> | undefined> =>
      (await query(byUpdate('2026-03-10 10:00:00', '2026-03-10 11:00:00'))).result.data?.[0]
    const fee = order.commissionFen / 100
    advance(MINUTE)
    sim.state.orders.receive(order.orderId)
    expect(await row()).toMatchObject({ validCode: 17, payMonth: 20260420, finishTime: '2026-03-10 10:01:00', actualFee: fee })
    advance(MINUTE)
    sim.state.orders.settleAll('jd')
    expect(await row()).toMatchObject({ validCode: 17, payMonth: 20260310, actualFee: fee, modifyTime: '2026-03-10 10:02:00' })
    advance(MINUTE)
    sim.state.orders.refund(order.orderId)
    expect(await row()).toMatchObject({
      validCode: 17,
      payMonth: 20260310,
      estimateFee: fee,
      actualFee: 0,
      actualCosPrice: 0,
      balanceExt: `{20260310:${fee},20260310:${-fee}}`,
    })
  })

  it('cancels a row refunded before receipt (3) and marks an item outside the program 19', async () => {
    const refunded = buy()
    sim.state.orders.refund(refunded.orderId)
    sim.state.orders.buy({ platform: 'jd', itemKey: findItem((item) => !item.inProgram).itemKey })
    const { result } = await query(byUpdate('2026-03-10 10:00:00', '2026-03-10 11:00:00'))
    expect(result.data?.map((row) => [row.validCode, row.estimateFee])).toEqual(
      expect.arrayContaining([
        [3, 0],
        [19, 0],
      ]),
    )
  })

  it('refuses a window over an hour with 2002453 and takes exactly an hour', async () => {
    const { result } = await query(byUpdate('2026-03-10 10:00:00', '2026-03-10 11:00:01'))
    expect(result).toEqual({ code: 2002453, message: '查询时间范围超过规定限制', requestId: expect.any(String) })
    expect((await query(byUpdate('2026-03-10 10:00:00', '2026-03-10 11:00:00'))).result.code).toBe(200)
  })

  it.each([
    ['pageSize over 500', byUpdate('2026-03-10 10:00:00', '2026-03-10 11:00:00', { pageSize: 501 })],
    ['no type', { pageIndex: 1, pageSize: 20, startTime: '2026-03-10 10:00:00', endTime: '2026-03-10 11:00:00' }],
    ['an impossible date', byUpdate('2026-02-30 10:00:00', '2026-02-30 11:00:00')],
    ['an ISO time', byUpdate('2026-03-10T10:00:00', '2026-03-10T11:00:00')],
    ['a backwards window', byUpdate('2026-03-10 11:00:00', '2026-03-10 10:00:00')],
  ])('refuses %s as a parameter error', async (_, orderReq) => {
    expect((await query(orderReq)).result).toMatchObject({ code: 400, message: expect.stringMatching(/^参数错误/) })
  })
})
