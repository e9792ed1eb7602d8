import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import type { ConsoleReadDeps } from '../../src/console/console-read-deps.js'
import { browseOrders, orderDetail, type OrderDetail, type OrderFilter } from '../../src/console/order-browse.service.js'
import { PLATFORMS } from '../../src/links/parsed-link.js'
import { sendPage } from '../render-page.js'
import { operatorOf } from './console-operator.js'
import { ORDER_STATUS_NAMES, PLATFORM_NAMES, RUNG_NAMES } from './console-labels.js'
import { checkQuery, money, moneyChange, Pager, ROW_ID, sendBadRequest, sendNotFound, when, withQuery } from './console-parts.js'
import { ConsoleShell } from './console-shell.js'
import { assignPath, OrderOwner, OrdersTable, orderCommission } from './orders-table.js'

const STATUSES = Object.keys(ORDER_STATUS_NAMES) as (keyof typeof ORDER_STATUS_NAMES)[]
const RUNGS = Object.keys(RUNG_NAMES) as (keyof typeof RUNG_NAMES)[]

/** A filter left at "all" comes as an empty value: the same as absent. */
const blankIsAbsent = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional())

const ListQuery = z.object({
  platform: blankIsAbsent(z.enum([...PLATFORMS], { error: '平台只能是 taobao（淘宝）、jd（京东）或 pdd（拼多多）' })),
  status: blankIsAbsent(z.enum(STATUSES, { error: `订单状态只能是 ${STATUSES.join('、')} 之一` })),
  rung: blankIsAbsent(z.enum(RUNGS, { error: `归属方式只能是 ${RUNGS.join('、')} 之一` })),
  unattributed: blankIsAbsent(z.literal('1', { error: '“只看未归属”只能是 1' })),
  refunded: blankIsAbsent(z.literal('1', { error: '“只看结算后退款”只能是 1' })),
  before: blankIsAbsent(z.string({ error: '分页参数有误' }).regex(ROW_ID, { error: '分页参数有误，请从第一页重新进入' })),
})

type ListParams = z.infer<typeof ListQuery>

function filterOf(query: ListParams): OrderFilter {
  return {
    platform: query.platform,
    status: query.status,
    rung: query.rung,
    unattributed: query.unattributed === '1',
    refundedAfterSettlement: query.refunded === '1',
  }
}

function Filters(props: { readonly query: ListParams }) {
  const q = props.query
  return (
    <form method="get" action="/console/orders" class="filters">
      <label>
        平台
        <select name="platform">
          <option value="">全部</option>
          {PLATFORMS.map((p) => (
            <option value={p} selected={q.platform === p}>
              {PLATFORM_NAMES[p]}
            </option>
          ))}
        </select>
      </label>
      <label>
        状态
        <select name="status">
          <option value="">全部</option>
          {STATUSES.map((s) => (
            <option value={s} selected={q.status === s}>
              {ORDER_STATUS_NAMES[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        归属方式
        <select name="rung">
          <option value="">全部</option>
          {RUNGS.map((r) => (
            <option value={r} selected={q.rung === r}>
              {RUNG_NAMES[r]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" name="unattributed" value="1" checked={q.unattributed === '1'} />
        只看未归属
      </label>
      <label>
        <input type="checkbox" name="refunded" value="1" checked={q.refunded === '1'} />
        只看结算后退款
      </label>
      <button type="submit">筛选</button>
    </form>
  )
}

function OrderView(props: { readonly detail: OrderDetail; readonly timeZone: string }) {
  const { order, movements, refunds } = props.detail
  const tz = props.timeZone
  return (
    <>
      <section class="card">
        <dl>
          <dt>平台</dt>
          <dd>{PLATFORM_NAMES[order.platform]}</dd>
          <dt>订单号 / 子订单号</dt>
          <dd>
            {order.orderId} / {order.subOrderId}
          </dd>
          <dt>商品</dt>
          <dd>
            {order.itemTitle}（{order.itemId}）× {order.quantity}
          </dd>
          <dt>实付</dt>
          <dd>{money(order.paidFen)}</dd>
          <dt>状态</dt>
          <dd>
            {ORDER_STATUS_NAMES[order.status]}
            {order.status === 'refunded' && order.settledAt ? <span class="badge bad">结算后退款</span> : null}
          </dd>
          <dt>佣金</dt>
          <dd>
            预估 {money(order.estimatedCommissionFen)}，结算 {order.settledCommissionFen === null ? '—' : money(order.settledCommissionFen)}（按 {orderCommission(order)} 计）
          </dd>
          <dt>用户</dt>
          <dd>
            <OrderOwner order={order} />
          </dd>
          <dt>归属方式</dt>
          <dd>
            {order.attribution ? `${RUNG_NAMES[order.attribution]}（${when(order.attributedAt, tz)}）` : '—'}
          </dd>
          <dt>订单里的推广ID</dt>
          <dd>{order.platformAttributionId ?? order.relationId ?? '—'}</dd>
          <dt>付款 / 收货 / 结算</dt>
          <dd>
            {when(order.paidAt, tz)} / {when(order.receivedAt, tz)} / {when(order.settledAt, tz)}
          </dd>
          <dt>最后更新</dt>
          <dd>{when(order.updatedAt, tz)}</dd>
        </dl>
        {order.userId ? null : (
          <p>
            <a href={assignPath(order.id)}>把这个订单指定给用户</a>
          </p>
        )}
      </section>
      <section class="card">
        <h2>账本记录</h2>
        {movements.length === 0 ? (
          <p class="muted">这个订单还没有记过账。</p>
        ) : (
          <table class="data">
            <thead>
              <tr>
                <th>时间</th>
                <th>类型</th>
                <th>幂等键</th>
                <th>账户</th>
                <th>用户</th>
                <th class="num">金额</th>
              </tr>
            </thead>
            <tbody>
              {movements.map((m) => (
                <tr>
                  <td>{when(m.createdAt, tz)}</td>
                  <td>{m.kind}</td>
                  <td>
                    <code>{m.idempotencyKey}</code>
                  </td>
                  <td>{m.account}</td>
                  <td>{m.userId ? <a href={`/console/users/${m.userId}`}>{m.userName || `用户${m.userId}`}</a> : '—'}</td>
                  <td class="num">{moneyChange(m.amountFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="card">
        <h2>退款</h2>
        {refunds.length === 0 ? (
          <p class="muted">没有退款记录。</p>
        ) : (
          <table class="data">
            <thead>
              <tr>
                <th>退款单号</th>
                <th class="num">扣回佣金</th>
                <th>退款时间</th>
                <th>已处理</th>
              </tr>
            </thead>
            <tbody>
              {refunds.map((r) => (
                <tr>
                  <td>{r.refundId}</td>
                  <td class="num">{r.commissionRefundFen === null ? '全部' : money(r.commissionRefundFen)}</td>
                  <td>{when(r.refundedAt, tz)}</td>
                  <td>{r.appliedAt ? when(r.appliedAt, tz) : '等待订单同步'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  )
}

/** GET /console/orders — filtered, paged list; GET /console/orders/:id — an order with its ledger movements and refunds. */
export function consoleOrderRoutes(deps: ConsoleReadDeps): FastifyPluginAsync {
  return async (app) => {
    app.get('/console/orders', async (request, reply) => {
      const query = checkQuery(ListQuery, request.query)
      if (!query.ok) return sendBadRequest(reply, request, '/console/orders', query.message)
      const params = query.data
      const page = await browseOrders(deps, filterOf(params), params.before)
      const { before: _before, ...filters } = params
      return sendPage(
        reply,
        <ConsoleShell title="订单" operator={operatorOf(request)} section="/console/orders">
          <Filters query={params} />
          {page.orders.length === 0 ? (
            <p class="muted">没有符合条件的订单。</p>
          ) : (
            <OrdersTable orders={page.orders} timeZone={deps.timeZone} showUser={true} />
          )}
          <Pager
            next={page.nextBefore ? withQuery('/console/orders', { ...filters, before: page.nextBefore }) : undefined}
            first={params.before ? withQuery('/console/orders', filters) : undefined}
          />
        </ConsoleShell>,
      )
    })
    app.get<{ Params: { id: string } }>('/console/orders/:id', async (request, reply) => {
      if (!ROW_ID.test(request.params.id)) return sendBadRequest(reply, request, '/console/orders', '订单编号只能是数字。')
      const detail = await orderDetail(deps, request.params.id)
      if (!detail) return sendNotFound(reply, request, '/console/orders', `没有编号为 ${request.params.id} 的订单。`)
      return sendPage(
        reply,
        <ConsoleShell title={`订单 ${detail.order.orderId}`} operator={operatorOf(request)} section="/console/orders">
          <OrderView detail={detail} timeZone={deps.timeZone} />
        </ConsoleShell>,
      )
    })
  }
}
