import type { SimOrder } from '../sim-orders.js'
import type { SimState } from '../sim-state.js'
import { relationIdOf } from './taobao-order-dto.js'
import { compareKeys, pageOf, type Page, type PageRequest } from './taobao-order-paging.js'
import type { SimOrderWindow } from './taobao-order-window.js'

export interface OrderQuery {
  readonly window: SimOrderWindow
  /** Which of the order's times the window applies to. */
  readonly timeOf: (order: SimOrder) => Date | undefined
  readonly paging: PageRequest
  readonly keep?: (order: SimOrder) => boolean
  /** How many rows TOP lists for the order (order.details.get lists some twice, C2); 1 when absent. */
  readonly rowsPerOrder?: (order: SimOrder) => number
}

/** One listed row: the order and which of its listings it is (0 first). */
export interface ListedRow {
  readonly order: SimOrder
  readonly copy: number
}

/** order_scene: 1 all orders, 2 渠道 orders (with a relation id), 3 会员 orders (special id; the simulator issues none). */
export function sceneFilter(scene: string | undefined): ((order: SimOrder) => boolean) | undefined | 'invalid' {
  switch (scene ?? '1') {
    case '1':
      return undefined
    case '2':
      return (order) => relationIdOf(order) !== ''
    case '3':
      return () => false
    default:
      return 'invalid'
  }
}

/** Taobao rows whose queried time falls in [start, end), one page of them in time order (ties by sub-order id, then listing). */
export function queryOrders(state: SimState, query: OrderQuery): Page<ListedRow> {
  const from = query.window.start.getTime()
  const to = query.window.end.getTime()
  const rows = state.orders
    .all()
    .filter((order) => order.platform === 'taobao' && (query.keep?.(order) ?? true))
    .flatMap((order) => {
      const at = query.timeOf(order)?.getTime()
      return at !== undefined && at >= from && at < to ? [{ order, at }] : []
    })
    .flatMap(({ order, at }) =>
      Array.from({ length: query.rowsPerOrder?.(order) ?? 1 }, (_, copy) => ({ order, copy, key: { at, id: `${order.subOrderId}${copy === 0 ? '' : `x${copy}`}` } })),
    )
    .sort((a, b) => compareKeys(a.key, b.key))
  const page = pageOf(rows, (row) => row.key, query.paging)
  return { ...page, rows: page.rows.map(({ order, copy }) => ({ order, copy })) }
}
