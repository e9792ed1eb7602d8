import type { OrderListRow } from '../../src/console/order-browse.service.js'
import { ATTRIBUTION_NOTE_NAMES, ORDER_STATUS_NAMES, PLATFORM_NAMES, RUNG_NAMES } from './console-labels.js'
import { money, when } from './console-parts.js'

/** Where an unattributed order is assigned to a user (the page and its action are the console-actions part). */
export const assignPath = (orderRowId: string): string => `/console/orders/${orderRowId}/assign`

/** The commission an order row shows: the settled amount once there is one, else the estimate. */
export function orderCommission(o: OrderListRow): string {
  return o.settledCommissionFen === null ? `${money(o.estimatedCommissionFen)}（预估）` : money(o.settledCommissionFen)
}

/** The user of an order, or why it has none and the link to assign it. */
export function OrderOwner(props: { readonly order: OrderListRow }) {
  const { order } = props
  if (order.userId) return <a href={`/console/users/${order.userId}`}>{order.userName || `用户${order.userId}`}</a>
  return (
    <>
      <span class="badge warn">未归属</span>
      {order.attributionNote ? <span class="muted">{ATTRIBUTION_NOTE_NAMES[order.attributionNote]}</span> : null}{' '}
      <a href={assignPath(order.id)}>指定用户</a>
    </>
  )
}

/**
 * Orders as rows: each links to its page; unattributed ones to their
 * assignment. In its own scrolling box at every width: order and sub-order
 * numbers, the user column and the rest do not wrap, and together they are
 * wider than a laptop's 1200 px column (the phone rule alone left the page
 * scrolling sideways at 1280 px).
 */
export function OrdersTable(props: { readonly orders: readonly OrderListRow[]; readonly timeZone: string; readonly showUser: boolean }) {
  return (
    <div class="table-wrap">
      <table class="data">
        <thead>
          <tr>
            <th>付款时间</th>
            <th>平台</th>
            <th>订单号</th>
            <th>商品</th>
            <th class="num">实付</th>
            <th>状态</th>
            <th class="num">佣金</th>
            {props.showUser ? <th>用户</th> : null}
            <th>归属方式</th>
          </tr>
        </thead>
        <tbody>
          {props.orders.map((o) => (
            <tr>
              <td>{when(o.paidAt, props.timeZone)}</td>
              <td>{PLATFORM_NAMES[o.platform]}</td>
              <td>
                <a href={`/console/orders/${o.id}`}>{o.orderId}</a>
                {o.subOrderId !== o.orderId ? <span class="muted"> / {o.subOrderId}</span> : null}
              </td>
              <td class="wrap">{o.itemTitle}</td>
              <td class="num">{money(o.paidFen)}</td>
              <td>
                {ORDER_STATUS_NAMES[o.status]}
                {o.status === 'refunded' && o.settledAt ? <span class="badge bad">结算后退款</span> : null}
              </td>
              <td class="num">{orderCommission(o)}</td>
              {props.showUser ? (
                <td>
                  <OrderOwner order={o} />
                </td>
              ) : null}
              <td>{o.attribution ? RUNG_NAMES[o.attribution] : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
