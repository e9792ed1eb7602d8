import { z } from 'zod'
import { digits } from '../sim-hash.js'
import type { SimOrder } from '../sim-orders.js'
import type { SimState } from '../sim-state.js'
import { jdFail, type JdInnerResult, jdParamError } from './jd-envelope.js'
import { describeIssues } from './jd-request-object.js'
import { jdOrderRowDto } from './jd-order-row-dto.js'
import { parseBeijingTime } from './jd-sim-time.js'

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/

const OrderReq = z.object({
  pageIndex: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
  /** 1 下单时间, 2 完成时间, 3 更新时间. */
  type: z.coerce.number().int().min(1).max(3),
  startTime: z.string().regex(TIME),
  endTime: z.string().regex(TIME),
  fields: z.string().optional(),
})

const MAX_WINDOW_MS = 3_600_000
/** More rows than this in one window and JD asks for a narrower one. */
const MAX_ROWS_PER_WINDOW = 10_000

const TIME_OF: Readonly<Record<1 | 2 | 3, (order: SimOrder) => Date | undefined>> = {
  1: (order) => order.createdAt,
  2: (order) => order.receivedAt,
  3: (order) => order.updatedAt,
}

/**
 * jd.union.open.order.row.query: the JD rows whose chosen time falls in
 * [startTime, endTime), oldest first (ties by row id), paged by pageIndex
 * with `hasMore`. A window over an hour is JD's 2002453.
 */
export function orderRowQuery(request: unknown, state: SimState): JdInnerResult {
  const parsed = OrderReq.safeParse(request)
  if (!parsed.success) return jdParamError(describeIssues(parsed.error))
  const { pageIndex, pageSize, type, startTime, endTime } = parsed.data
  const start = parseBeijingTime(startTime)
  const end = parseBeijingTime(endTime)
  if (!start || !end) return jdParamError('startTime或endTime不是合法的时间')
  if (end < start) return jdParamError('startTime不能晚于endTime')
  if (end.getTime() - start.getTime() > MAX_WINDOW_MS) return jdFail(2002453, '查询时间范围超过规定限制')
  const timeOf = TIME_OF[type as 1 | 2 | 3]
  const rows = state.orders
    .all()
    .map((order) => ({ order, time: timeOf(order)?.getTime() }))
    .filter(
      (row): row is { order: SimOrder; time: number } =>
        row.order.platform === 'jd' && row.time !== undefined && row.time >= start.getTime() && row.time < end.getTime(),
    )
    .sort((a, b) => a.time - b.time || a.order.subOrderId.localeCompare(b.order.subOrderId))
  if (rows.length > MAX_ROWS_PER_WINDOW) return jdFail(2002452, '单位时间订单量超过10000，请缩小查询时间范围')
  const context = { now: state.now(), unionId: Number(digits(`jd-union:${state.credentials.jd.appKey}`, 10)) }
  const page = rows.slice((pageIndex - 1) * pageSize, pageIndex * pageSize)
  return { code: 200, data: page.map((row) => jdOrderRowDto(row.order, context)), hasMore: pageIndex * pageSize < rows.length }
}
