import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { FastifyPluginAsync } from 'fastify'
import type { ConsoleReadDeps } from '../../src/console/console-read-deps.js'
import { dashboard, type Dashboard, type DashboardPeriodKey } from '../../src/console/dashboard.service.js'
import type { PushCapOptions } from '../../src/console/platform-status.service.js'
import type { FunnelFigures } from '../../src/reports/funnel.js'
import { percentText, perUnitText } from '../../src/reports/funnel.text.js'
import { sendPage } from '../render-page.js'
import { operatorOf } from './console-operator.js'
import { AccountsTable, SyncTable } from './platform-tables.js'
import { money } from './console-parts.js'
import { ConsoleShell } from './console-shell.js'
import { CHART_SCRIPT_PATH, DASHBOARD_SCRIPT, DASHBOARD_SCRIPT_PATH } from './dashboard-script.js'

export interface DashboardRoutesDeps extends ConsoleReadDeps {
  /** How accounts' daily push caps are worked out (OUTBOX_DAILY_PUSH_CAP and the warm-up); default: no cap shown. */
  readonly caps?: PushCapOptions
  readonly now?: () => Date
}

const PERIOD_LABELS: Readonly<Record<DashboardPeriodKey, string>> = { today: '今天', week: '近7天', month: '近30天' }

type Row = readonly [string, (f: FunnelFigures) => string]

/** Every order's rows: what the business sold and kept. */
const ORDER_ROWS: readonly Row[] = [
  ['订单', (f) => String(f.orders)],
  ['成交额', (f) => money(f.gmvFen)],
  ['预估佣金', (f) => money(f.commissionEstimatedFen)],
  ['已结算佣金', (f) => money(f.commissionSettledFen)],
  ['返利', (f) => money(f.rebatesFen)],
  ['邀请分成', (f) => money(f.sharesFen)],
  ['毛利', (f) => money(f.marginFen)],
  ['投入产出比', (f) => percentText(f.roiBp)],
]

/** The push funnel's rows: label and how a period's figures show it. */
const FUNNEL_ROWS: readonly Row[] = [
  ['推送', (f) => String(f.pushes)],
  ['浏览', (f) => String(f.views)],
  ['访客', (f) => String(f.visitors)],
  ['复制/打开', (f) => String(f.presses)],
  ['订单', (f) => String(f.orders)],
  ['成交额', (f) => money(f.gmvFen)],
  ['预估佣金', (f) => money(f.commissionEstimatedFen)],
  ['已结算佣金', (f) => money(f.commissionSettledFen)],
  ['返利', (f) => money(f.rebatesFen)],
  ['邀请分成', (f) => money(f.sharesFen)],
  ['毛利', (f) => money(f.marginFen)],
  ['点击率', (f) => percentText(f.ctrBp)],
  ['转化率', (f) => percentText(f.cvrBp)],
  ['每次浏览收益', (f) => perUnitText(f.epcFen)],
  ['投入产出比', (f) => percentText(f.roiBp)],
]

/** The chart library as npm installed it, read once at start-up (served locally: no CDN). */
function chartLibrary(): string {
  const entry = createRequire(import.meta.url).resolve('chart.js')
  return readFileSync(join(dirname(entry), 'chart.umd.min.js'), 'utf8')
}

function PeriodTable(props: { readonly data: Dashboard; readonly rows: readonly Row[]; readonly pick: (p: Dashboard['periods'][number]) => FunnelFigures }) {
  return (
    <table class="data">
      <thead>
        <tr>
          <th></th>
          {props.data.periods.map((p) => (
            <th class="num">{PERIOD_LABELS[p.key]}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map(([label, show]) => (
          <tr>
            <th scope="row">{label}</th>
            {props.data.periods.map((p) => (
              <td class="num">{show(props.pick(p))}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function DashboardView(props: { readonly data: Dashboard; readonly timeZone: string; readonly now: Date }) {
  const { data } = props
  const today = data.periods[0]?.allOrders
  const series = {
    days: data.daily.map((d) => d.day.slice(5)),
    orders: data.daily.map((d) => d.allOrders.orders),
    commissionFen: data.daily.map((d) => d.allOrders.commissionFen),
    views: data.daily.map((d) => d.funnel.views),
  }
  return (
    <>
      {today ? (
        <section class="kpis">
          <div class="kpi">
            <span class="label">今天订单</span>
            <strong class="figure">{today.orders}</strong>
          </div>
          <div class="kpi">
            <span class="label">今天成交额</span>
            <strong class="figure">{money(today.gmvFen)}</strong>
          </div>
          <div class="kpi">
            <span class="label">今天佣金</span>
            <strong class="figure">{money(today.commissionFen)}</strong>
          </div>
          <div class="kpi">
            <span class="label">今天毛利</span>
            <strong class="figure">{money(today.marginFen)}</strong>
          </div>
          <div class="kpi">
            <a href="/console/withdrawals" class="label">
              待审核提现
            </a>
            <strong class="figure">
              {data.withdrawals.pending.count}笔 {money(data.withdrawals.pending.sumFen)}
            </strong>
          </div>
        </section>
      ) : null}
      <section class="card">
        <h2>近30天每日趋势</h2>
        <canvas id="daily-chart" data-series={JSON.stringify(series)} role="img" aria-label="近30天每日订单、佣金和推送浏览"></canvas>
        <details>
          <summary>按天查看数字</summary>
          <table class="data">
            <thead>
              <tr>
                <th>日期</th>
                <th class="num">订单</th>
                <th class="num">成交额</th>
                <th class="num">佣金</th>
                <th class="num">推送浏览</th>
                <th class="num">推送访客</th>
              </tr>
            </thead>
            <tbody>
              {[...data.daily].reverse().map((d) => (
                <tr>
                  <td>{d.day}</td>
                  <td class="num">{d.allOrders.orders}</td>
                  <td class="num">{money(d.allOrders.gmvFen)}</td>
                  <td class="num">{money(d.allOrders.commissionFen)}</td>
                  <td class="num">{d.funnel.views}</td>
                  <td class="num">{d.funnel.visitors}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </section>
      <section class="card">
        <h2>全部订单</h2>
        <PeriodTable data={data} rows={ORDER_ROWS} pick={(p) => p.allOrders} />
        <p class="muted">所有渠道的订单（私聊转链、群推送、认领和未归属的），按付款时间计入当天；无效订单不计。佣金按状态计：未结算的按预估，已结算的按结算金额，退款的按平台仍付的部分。</p>
      </section>
      <section class="card">
        <h2>推送漏斗</h2>
        <PeriodTable data={data} rows={FUNNEL_ROWS} pick={(p) => p.funnel} />
        <p class="muted">
          只算群推送带来的浏览、订单和佣金（订单按付款时间、浏览按发生时间计入当天）。点击率=访客÷(推送×群人数)，转化率=订单÷访客，投入产出比=毛利÷(返利+分成)；分母为零时显示“—”。
        </p>
      </section>
      <section class="card">
        <h2>提现</h2>
        <p>
          待审核 {data.withdrawals.pending.count} 笔，共 {money(data.withdrawals.pending.sumFen)}
          {data.withdrawals.paying.count > 0 ? `；打款中（结果未确认）${data.withdrawals.paying.count} 笔，共 ${money(data.withdrawals.paying.sumFen)}` : ''}。{' '}
          <a href="/console/withdrawals">去审核</a>
        </p>
      </section>
      <section class="card">
        <h2>
          订单同步 <a href="/console/platforms">详情</a>
        </h2>
        <SyncTable sync={data.sync} timeZone={props.timeZone} />
      </section>
      <section class="card">
        <h2>
          账号 <a href="/console/platforms#accounts">详情</a>
        </h2>
        <AccountsTable accounts={data.accounts} timeZone={props.timeZone} now={props.now} />
      </section>
    </>
  )
}

/** GET /console — the dashboard; GET /console/assets/chart.js and /console/assets/dashboard.js — its chart. */
export function consoleDashboardRoutes(deps: DashboardRoutesDeps): FastifyPluginAsync {
  const now = deps.now ?? (() => new Date())
  const chart = chartLibrary()
  return async (app) => {
    app.get(CHART_SCRIPT_PATH, async (_request, reply) =>
      reply.header('cache-control', 'private, max-age=86400').type('text/javascript; charset=utf-8').send(chart),
    )
    app.get(DASHBOARD_SCRIPT_PATH, async (_request, reply) =>
      reply.header('cache-control', 'private, max-age=3600').type('text/javascript; charset=utf-8').send(DASHBOARD_SCRIPT),
    )
    app.get('/console', async (request, reply) => {
      const at = now()
      const data = await dashboard({ ...deps, caps: deps.caps ?? { dailyCap: undefined } }, at)
      return sendPage(
        reply,
        <ConsoleShell title="仪表盘" operator={operatorOf(request)} section="/console" scripts={[CHART_SCRIPT_PATH, DASHBOARD_SCRIPT_PATH]}>
          <DashboardView data={data} timeZone={deps.timeZone} now={at} />
        </ConsoleShell>,
      )
    })
  }
}
