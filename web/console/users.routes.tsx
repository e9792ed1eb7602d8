import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import type { ConsoleReadDeps } from '../../src/console/console-read-deps.js'
import { findUsers, userDetail, USER_SEARCH_LIMIT, type UserDetail } from '../../src/console/user-lookup.service.js'
import type { UserListRow } from '../../src/console/user-lookup.service.js'
import { sendPage } from '../render-page.js'
import { operatorOf } from './console-operator.js'
import { PLATFORM_NAMES, WITHDRAWAL_STATUS_NAMES } from './console-labels.js'
import { checkQuery, money, moneyChange, Pager, ROW_ID, sendBadRequest, sendNotFound, when, withQuery } from './console-parts.js'
import { ConsoleShell } from './console-shell.js'
import { OrdersTable } from './orders-table.js'

const SearchQuery = z.object({
  q: z
    .string({ error: '搜索内容只能填一个' })
    .trim()
    .max(64, { error: '搜索内容太长了（最多64个字）' })
    .optional(),
})

const DetailQuery = z.object({
  before: z.string({ error: '分页参数有误' }).regex(ROW_ID, { error: '分页参数有误，请从用户页重新进入' }).optional(),
})

const userPath = (id: string): string => `/console/users/${id}`

function UsersList(props: { readonly users: readonly UserListRow[]; readonly timeZone: string }) {
  return (
    <table class="data">
      <thead>
        <tr>
          <th>昵称</th>
          <th>微信ID</th>
          <th>邀请码</th>
          <th>加入时间</th>
        </tr>
      </thead>
      <tbody>
        {props.users.map((u) => (
          <tr>
            <td>
              <a href={userPath(u.id)}>{u.displayName || `用户${u.id}`}</a>
            </td>
            <td>{u.contactId}</td>
            <td>{u.inviteCode ?? '—'}</td>
            <td>{when(u.createdAt, props.timeZone)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function UserView(props: { readonly detail: UserDetail; readonly timeZone: string; readonly before: string | undefined }) {
  const { detail, timeZone } = props
  const { user, balances } = detail
  const tz = timeZone
  return (
    <>
      <section class="card">
        <dl>
          <dt>用户编号</dt>
          <dd>{user.id}</dd>
          <dt>微信ID</dt>
          <dd>{user.contact_id}</dd>
          <dt>邀请码</dt>
          <dd>{user.invite_code ?? '—'}</dd>
          <dt>邀请人</dt>
          <dd>{detail.inviter ? <a href={userPath(detail.inviter.id)}>{detail.inviter.display_name || `用户${detail.inviter.id}`}</a> : '—'}</dd>
          <dt>推广ID</dt>
          <dd>{user.attribution_id}</dd>
          <dt>淘宝 relation_id</dt>
          <dd>{user.taobao_relation_id ?? '未绑定'}</dd>
          <dt>加入时间</dt>
          <dd>{when(user.created_at, tz)}</dd>
        </dl>
      </section>
      <section class="kpis">
        <div class="kpi">
          <span class="label">待结算</span>
          <strong class="figure">{money(balances.pendingFen)}</strong>
        </div>
        <div class="kpi">
          <span class="label">可提现</span>
          <strong class="figure">{money(balances.availableFen)}</strong>
        </div>
        <div class="kpi">
          <span class="label">提现审核中</span>
          <strong class="figure">{money(balances.heldFen)}</strong>
        </div>
        <div class="kpi">
          <span class="label">已提现</span>
          <strong class="figure">{money(balances.withdrawnFen)}</strong>
        </div>
      </section>
      <section class="card" id="ledger">
        <h2>账本</h2>
        {detail.ledger.length === 0 ? (
          <p class="muted">{props.before ? '没有更早的记录了。' : '还没有账本记录。'}</p>
        ) : (
          <table class="data">
            <thead>
              <tr>
                <th>时间</th>
                <th>类型</th>
                <th>幂等键</th>
                <th>订单</th>
                <th class="num">待结算</th>
                <th class="num">可提现</th>
                <th class="num">审核中</th>
                <th class="num">已提现</th>
              </tr>
            </thead>
            <tbody>
              {detail.ledger.map((e) => (
                <tr>
                  <td>{when(e.createdAt, tz)}</td>
                  <td>{e.kind}</td>
                  <td>
                    <code>{e.idempotencyKey}</code>
                  </td>
                  <td>{e.orderRowId ? <a href={`/console/orders/${e.orderRowId}`}>{e.orderRowId}</a> : '—'}</td>
                  <td class="num">{moneyChange(e.pendingFen)}</td>
                  <td class="num">{moneyChange(e.availableFen)}</td>
                  <td class="num">{moneyChange(e.heldFen)}</td>
                  <td class="num">{moneyChange(e.withdrawnFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager
          next={detail.ledgerNextBefore ? `${withQuery(userPath(user.id), { before: detail.ledgerNextBefore })}#ledger` : undefined}
          first={props.before ? `${userPath(user.id)}#ledger` : undefined}
        />
      </section>
      <section class="card">
        <h2>最近订单</h2>
        {detail.orders.length === 0 ? <p class="muted">还没有订单。</p> : <OrdersTable orders={detail.orders} timeZone={tz} showUser={false} />}
      </section>
      <section class="card">
        <h2>最近转链</h2>
        {detail.conversions.length === 0 ? (
          <p class="muted">还没有转过链接。</p>
        ) : (
          <table class="data">
            <thead>
              <tr>
                <th>时间</th>
                <th>平台</th>
                <th>商品</th>
                <th class="num">券后价</th>
                <th class="num">预计返利</th>
                <th>来源</th>
              </tr>
            </thead>
            <tbody>
              {detail.conversions.map((c) => (
                <tr>
                  <td>{when(c.created_at, tz)}</td>
                  <td>{PLATFORM_NAMES[c.platform]}</td>
                  <td class="wrap">{c.title}</td>
                  <td class="num">{money(Number(c.price_after_coupon_fen))}</td>
                  <td class="num">{money(Number(c.rebate_fen))}</td>
                  <td>{c.purpose === 'push' ? '群推送' : c.room_id ? '群里转链' : '私聊转链'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="card">
        <h2>
          邀请的人（一级 {detail.inviteeCounts.level1}，二级 {detail.inviteeCounts.level2}）
        </h2>
        {detail.invitees.length === 0 ? (
          <p class="muted">还没有邀请到人。</p>
        ) : (
          <table class="data">
            <thead>
              <tr>
                <th>级别</th>
                <th>昵称</th>
                <th>微信ID</th>
                <th>绑定时间</th>
              </tr>
            </thead>
            <tbody>
              {detail.invitees.map((i) => (
                <tr>
                  <td>{i.level === 1 ? '一级' : '二级'}</td>
                  <td>
                    <a href={userPath(i.id)}>{i.displayName || `用户${i.id}`}</a>
                  </td>
                  <td>{i.contactId}</td>
                  <td>{when(i.invitedAt, tz)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="card">
        <h2>提现</h2>
        {detail.withdrawals.length === 0 ? (
          <p class="muted">还没有提现记录。</p>
        ) : (
          <table class="data">
            <thead>
              <tr>
                <th>编号</th>
                <th class="num">金额</th>
                <th>状态</th>
                <th>申请时间</th>
                <th>处理时间</th>
                <th>原因</th>
              </tr>
            </thead>
            <tbody>
              {detail.withdrawals.map((w) => (
                <tr>
                  <td>{w.id}</td>
                  <td class="num">{money(Number(w.amount_fen))}</td>
                  <td>{WITHDRAWAL_STATUS_NAMES[w.status]}</td>
                  <td>{when(w.requested_at, tz)}</td>
                  <td>{when(w.decided_at, tz)}</td>
                  <td class="wrap">{w.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  )
}

/** GET /console/users?q=… — search; GET /console/users/:id — a user's balances, ledger, orders, links, invitees and withdrawals. */
export function consoleUserRoutes(deps: ConsoleReadDeps): FastifyPluginAsync {
  return async (app) => {
    app.get('/console/users', async (request, reply) => {
      const query = checkQuery(SearchQuery, request.query)
      if (!query.ok) return sendBadRequest(reply, request, '/console/users', query.message)
      const q = query.data.q ?? ''
      const users = q === '' ? undefined : await findUsers(deps, q)
      return sendPage(
        reply,
        <ConsoleShell title="用户" operator={operatorOf(request)} section="/console/users">
          <form method="get" action="/console/users" class="filters">
            <input type="search" name="q" value={q} maxLength={64} placeholder="昵称、微信ID、邀请码或订单号" />
            <button type="submit">搜索</button>
          </form>
          {users === undefined ? (
            <p class="muted">按昵称（包含即可）、微信ID、邀请码或订单号查找用户。</p>
          ) : users.length === 0 ? (
            <p class="muted">没有找到「{q}」相关的用户。</p>
          ) : (
            <>
              <p class="muted">
                找到 {users.length} 个用户{users.length >= USER_SEARCH_LIMIT ? `（只显示前${USER_SEARCH_LIMIT}个，请把条件写得更具体）` : ''}。
              </p>
              <UsersList users={users} timeZone={deps.timeZone} />
            </>
          )}
        </ConsoleShell>,
      )
    })
    app.get<{ Params: { id: string } }>('/console/users/:id', async (request, reply) => {
      if (!ROW_ID.test(request.params.id)) return sendBadRequest(reply, request, '/console/users', '用户编号只能是数字。')
      const query = checkQuery(DetailQuery, request.query)
      if (!query.ok) return sendBadRequest(reply, request, '/console/users', query.message)
      const detail = await userDetail(deps, request.params.id, query.data.before)
      if (!detail) return sendNotFound(reply, request, '/console/users', `没有编号为 ${request.params.id} 的用户。`)
      return sendPage(
        reply,
        <ConsoleShell title={`用户：${detail.user.display_name || `用户${detail.user.id}`}`} operator={operatorOf(request)} section="/console/users">
          <UserView detail={detail} timeZone={deps.timeZone} before={query.data.before} />
        </ConsoleShell>,
      )
    })
  }
}
