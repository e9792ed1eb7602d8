import { ORDER_STATUS_NAMES, RUNG_NAMES } from './console-labels.js'
import type { AssignmentView } from '../../src/orders/assign-order.service.js'
import { isAssignable } from '../../src/orders/assign-order.service.js'
import { PLATFORM_NAMES } from '../../src/conversions/promotion.text.js'
import { formatYuan } from '../../src/money/fen.js'
import type { OrderRow } from '../../src/orders/order.table.js'
import type { ConsoleOperator } from './console-operator.js'
import { ConsoleShell, CsrfField } from './console-shell.js'
import { consoleTime } from './console-time.js'



/** Whose an order is, in words: the reason an attributed order cannot be assigned. */
export function ownerLine(order: Pick<OrderRow, 'user_id' | 'attribution' | 'attribution_note'>): string {
  if (order.user_id !== null) return `已归属用户 ${order.user_id}（${order.attribution ? RUNG_NAMES[order.attribution] : '未知方式'}）`
  if (order.attribution_note === 'foreign') return '带有不属于我们用户的推广位 ID（别的推广者的订单），不能指派'
  if (order.attribution_note === 'ambiguous') return '未归属：下单前有多位用户领过同一商品的链接'
  return '未归属'
}

/**
 * GET /console/orders/:id/assign: the sub-order, who was given a link for
 * its item in the claim window before payment (what the operator weighs),
 * and the form — user (id, contact id or invite code) and a reason.
 */
export function OrderAssignPage(props: {
  readonly operator: ConsoleOperator
  readonly view: AssignmentView
  readonly timeZone: string
  readonly error?: string | undefined
  readonly values?: { readonly user?: string; readonly reason?: string } | undefined
}) {
  const { order, linkHolders } = props.view
  const assignable = isAssignable(order)
  return (
    <ConsoleShell title={`指派订单 ${order.order_id}`} operator={props.operator} section="/console/orders">
      {props.error && <p class="flash bad">{props.error}</p>}
      <div class="card">
        <p>
          {PLATFORM_NAMES[order.platform]} · 订单号 {order.order_id} · 子订单 {order.sub_order_id}
        </p>
        <p>{order.item_title}</p>
        <p>
          实付 ¥{formatYuan(Number(order.paid_fen))} · 预估佣金 ¥{formatYuan(Number(order.estimated_commission_fen))} · {ORDER_STATUS_NAMES[order.status]} · 付款于{' '}
          {consoleTime(order.paid_at, props.timeZone)}
        </p>
        <p>
          <span class={assignable ? 'badge warn' : 'badge ok'}>{ownerLine(order)}</span>
        </p>
      </div>
      <h2>付款前领过该商品链接的用户</h2>
      {linkHolders.length === 0 ? (
        <p class="muted">认领期内没有用户领过这个商品的链接。</p>
      ) : (
        <table class="data">
          <thead>
            <tr>
              <th>用户编号</th>
              <th>昵称</th>
              <th>联系人 ID</th>
              <th>最后领链接</th>
              <th class="num">次数</th>
            </tr>
          </thead>
          <tbody>
            {linkHolders.map((h) => (
              <tr>
                <td>
                  <a href={`/console/users/${h.userId}`}>{h.userId}</a>
                </td>
                <td>{h.displayName || '（无昵称）'}</td>
                <td>{h.contactId}</td>
                <td>{consoleTime(h.lastLinkAt, props.timeZone)}</td>
                <td class="num">{h.links}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {assignable ? (
        <form method="post" action={`/console/orders/${order.id}/assign`} class="card">
          <CsrfField operator={props.operator} />
          <p>
            <label>
              用户（用户编号、微信联系人 ID 或邀请码）
              <br />
              <input type="text" name="user" required maxLength={128} value={props.values?.user ?? ''} />
            </label>
          </p>
          <p>
            <label>
              原因（必填，最多 100 字，记入审计）
              <br />
              <input type="text" name="reason" required maxLength={100} value={props.values?.reason ?? ''} />
            </label>
          </p>
          <p class="muted">指派后按认领同样的方式入账：该用户得到返利（待结算），其邀请人按比例分成，用户会收到通知。指派不能在后台撤销。</p>
          <button type="submit">指派给该用户</button>
        </form>
      ) : (
        <p class="muted">只有未归属的订单可以指派。</p>
      )}
      <p>
        <a href={`/console/orders/${order.id}`}>返回订单详情</a>
      </p>
    </ConsoleShell>
  )
}
