import { runInNewContext } from 'node:vm'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeAccountState } from '../../../src/accounts/account.repository.js'
import { dashboard } from '../../../src/console/dashboard.service.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { advanceSyncCursor, stopSync } from '../../../src/orders/sync-cursor.repository.js'
import { funnel, operatorFunnelReport } from '../../../src/reports/funnel.service.js'
import { lastDays } from '../../../src/reports/periods.js'
import type { UserRow } from '../../../src/users/user.table.js'
import { insertWithdrawal } from '../../../src/withdrawals/withdrawal.repository.js'
import { consoleDashboardRoutes } from '../../../web/console/dashboard.routes.js'
import { DASHBOARD_SCRIPT } from '../../../web/console/dashboard-script.js'
import { bj, seedClick, seedGroup, seedMovement, seedOrder, seedPush, seedPushLink } from '../../support/funnel-factory.js'
import { newUser } from '../../support/order-factory.js'
import { openPrivateDatabase, preferredBackend } from '../../support/test-databases.js'
import { HOSTILE_ESCAPED, HOSTILE_NAME, INLINE_SCRIPT, pagesApp } from './pages-app.js'

const TZ = 'Asia/Shanghai'
const NOW = bj('2026-12-06 16:00')

describe('console dashboard', () => {
  let handle: DatabaseHandle
  let app: FastifyInstance
  let owner: UserRow
  const room = 'dash-room@chatroom'

  /** A push on a Beijing day with `views` views by distinct visitors and, optionally, one order paid an hour later. */
  async function dayOfPush(day: string, itemId: string, views: number, order?: { paidFen: number; estimatedFen: number; status: 'paid' | 'settled'; rebateFen: number }) {
    const push = await seedPush(handle.db, { roomId: room, slot: `${day} 09:00`, platform: 'jd', itemId, at: bj(`${day} 09:00`) })
    const code = await seedPushLink(handle.db, push, owner)
    for (let i = 0; i < views; i++) await seedClick(handle.db, { code, at: bj(`${day} 09:1${i % 10}`), action: 'view', visitor: `${day}-v${i}` })
    if (!order) return
    const id = await seedOrder(handle.db, {
      user: owner,
      platform: 'jd',
      itemId,
      paidAt: bj(`${day} 10:00`),
      status: order.status,
      paidFen: order.paidFen,
      estimatedFen: order.estimatedFen,
      settledFen: order.status === 'settled' ? order.estimatedFen : null,
    })
    await seedMovement(handle.db, { orderRowId: id, platform: 'jd', user: owner, role: 'group_owner', kind: 'x', pendingFen: order.status === 'paid' ? order.rebateFen : 0, availableFen: order.status === 'settled' ? order.rebateFen : 0 })
  }

  beforeAll(async () => {
    handle = await openPrivateDatabase(preferredBackend())
    app = await pagesApp([consoleDashboardRoutes({ db: handle.db, timeZone: TZ, now: () => NOW })])
    owner = await newUser(handle.db, '群主')
    await seedGroup(handle.db, { roomId: room, topic: '看板群', owner, memberCount: 50 })
    await dayOfPush('2026-12-06', 'today-1', 4, { paidFen: 10_000, estimatedFen: 1_000, status: 'paid', rebateFen: 500 })
    await dayOfPush('2026-12-03', 'week-1', 2, { paidFen: 20_000, estimatedFen: 2_000, status: 'settled', rebateFen: 900 })
    await dayOfPush('2026-11-20', 'month-1', 1, { paidFen: 30_000, estimatedFen: 3_000, status: 'settled', rebateFen: 1_200 })
    await dayOfPush('2026-10-01', 'older', 5, { paidFen: 99_900, estimatedFen: 9_990, status: 'settled', rebateFen: 100 })
    // Orders outside the push funnel: a reply link's (with an inviter's share), an unattributed one, an invalid one.
    const buyer = await newUser(handle.db, '私聊买家')
    const inviter = await newUser(handle.db, '邀请人')
    const direct = await seedOrder(handle.db, { user: buyer, platform: 'pdd', itemId: 'reply-1', paidAt: bj('2026-12-06 11:00'), status: 'paid', paidFen: 7_000, estimatedFen: 700 })
    await seedMovement(handle.db, { orderRowId: direct, platform: 'pdd', user: buyer, role: 'buyer', kind: 'estimate', pendingFen: 350, availableFen: 0 })
    await seedMovement(handle.db, { orderRowId: direct, platform: 'pdd', user: inviter, role: 'l1', kind: 'estimate', pendingFen: 70, availableFen: 0 })
    const loose = await seedOrder(handle.db, { user: buyer, platform: 'taobao', itemId: 'loose-1', paidAt: bj('2026-12-01 08:00'), status: 'paid', paidFen: 4_000, estimatedFen: 400 })
    await handle.db.updateTable('orders').set({ user_id: null, attribution: null, attributed_at: null }).where('id', '=', loose).execute()
    await seedOrder(handle.db, { user: buyer, platform: 'jd', itemId: 'bad-1', paidAt: bj('2026-12-06 12:00'), status: 'invalid', paidFen: 50_000, estimatedFen: 5_000 })
    const payer = await newUser(handle.db, '提现的人')
    await insertWithdrawal(handle.db, payer.id, 1_000)
    await insertWithdrawal(handle.db, payer.id, 2_345)
    await advanceSyncCursor(handle.db, 'taobao', new Date(NOW.getTime() - 2 * 60_000))
    await advanceSyncCursor(handle.db, 'pdd', new Date(NOW.getTime() - 2 * 60_000))
    await stopSync(handle.db, 'pdd', '授权过期', NOW)
    await writeAccountState(handle.db, { name: `bot-${HOSTILE_NAME}`, state: 'logged-out', stateReason: '扫码登录已失效', sentDay: '2026-12-06', sentToday: {}, backlog: 3 })
  })
  afterAll(async () => {
    await app.close()
    await handle.close()
  })

  it("sums each period from the 30 days' daily funnel exactly as the funnel service computes the period itself", async () => {
    const deps = { db: handle.db, timeZone: TZ }
    const data = await dashboard({ ...deps, caps: { dailyCap: undefined } }, NOW)
    const week = (await operatorFunnelReport(deps, NOW)).week.total
    const [month] = await funnel(deps, lastDays(NOW, 30, TZ), 'total')
    expect(data.periods.map((p) => p.key)).toEqual(['today', 'week', 'month'])
    expect(data.periods[1]?.funnel).toEqual(week)
    expect(data.periods[2]?.funnel).toEqual(month?.figures)
    expect(data.periods.map((p) => p.funnel.orders)).toEqual([1, 2, 3])
    expect(data.periods.map((p) => p.funnel.views)).toEqual([4, 6, 7])
    // Every order, however it came; the invalid one never counts.
    expect(data.periods.map((p) => p.allOrders.orders)).toEqual([2, 4, 5])
    expect(data.periods.map((p) => p.allOrders.sharesFen)).toEqual([70, 70, 70])
    expect(data.daily.length).toBe(30)
    expect(data.daily[0]?.day).toBe('2026-11-07')
    expect(data.daily[29]?.day).toBe('2026-12-06')
    expect(data.withdrawals.pending).toEqual({ count: 2, sumFen: 3_345 })
  })

  it('shows the funnel per period, open withdrawals, sync lag and account states, Chinese, with the chart scripts and no inline code', async () => {
    const response = await app.inject({ method: 'GET', url: '/console' })
    expect(response.statusCode).toBe(200)
    const body = response.body
    expect(body).toContain('<h1>仪表盘</h1>')
    const section = (title: string): string => new RegExp(`<h2>${title}</h2>.*?</section>`).exec(body)?.[0] ?? ''
    const all = section('全部订单')
    expect(all).toContain('<th class="num">今天</th><th class="num">近7天</th><th class="num">近30天</th>')
    expect(all).toContain('<tr><th scope="row">订单</th><td class="num">2</td><td class="num">4</td><td class="num">5</td></tr>')
    expect(all).toContain('<tr><th scope="row">成交额</th><td class="num">¥170.00</td><td class="num">¥410.00</td><td class="num">¥710.00</td></tr>')
    expect(all).toContain('<tr><th scope="row">预估佣金</th><td class="num">¥17.00</td><td class="num">¥41.00</td><td class="num">¥71.00</td></tr>')
    expect(all).toContain('<tr><th scope="row">已结算佣金</th><td class="num">¥0.00</td><td class="num">¥20.00</td><td class="num">¥50.00</td></tr>')
    expect(all).toContain('<tr><th scope="row">返利</th><td class="num">¥8.50</td><td class="num">¥17.50</td><td class="num">¥29.50</td></tr>')
    expect(all).toContain('<tr><th scope="row">邀请分成</th><td class="num">¥0.70</td><td class="num">¥0.70</td><td class="num">¥0.70</td></tr>')
    expect(all).toContain('<tr><th scope="row">毛利</th><td class="num">¥7.80</td><td class="num">¥22.80</td><td class="num">¥40.80</td></tr>')
    const pushes = section('推送漏斗')
    expect(pushes).toContain('<tr><th scope="row">订单</th><td class="num">1</td><td class="num">2</td><td class="num">3</td></tr>')
    expect(pushes).toContain('<tr><th scope="row">成交额</th><td class="num">¥100.00</td><td class="num">¥300.00</td><td class="num">¥600.00</td></tr>')
    expect(pushes).toContain('<tr><th scope="row">已结算佣金</th><td class="num">¥0.00</td><td class="num">¥20.00</td><td class="num">¥50.00</td></tr>')
    expect(pushes).toContain('<tr><th scope="row">返利</th><td class="num">¥5.00</td><td class="num">¥14.00</td><td class="num">¥26.00</td></tr>')
    expect(pushes).toContain('<tr><th scope="row">毛利</th><td class="num">¥5.00</td><td class="num">¥16.00</td><td class="num">¥34.00</td></tr>')
    // Today: 4 visitors of 1 push to 50 members; 1 order of 4 visitors.
    expect(pushes).toContain('<tr><th scope="row">点击率</th><td class="num">8.00%</td>')
    expect(pushes).toContain('<tr><th scope="row">转化率</th><td class="num">25.00%</td>')
    expect(body).toContain('<span class="label">今天订单</span><strong class="figure">2</strong>')
    expect(body).toContain('2笔 ¥33.45')
    expect(body).toContain('<span class="badge bad">已停止</span>')
    expect(body).toContain('授权过期')
    expect(body).toContain('<span class="badge ok">正常</span>')
    expect(body).toContain('<span class="badge warn">未同步过</span>')
    expect(body).toContain('<span class="badge bad">已掉线</span>')
    expect(body).toContain(`bot-${HOSTILE_ESCAPED}`)
    expect(body).not.toContain(HOSTILE_NAME)
    expect(body).toContain('<script src="/console/assets/chart.js" defer></script><script src="/console/assets/dashboard.js" defer></script>')
    expect(body).not.toMatch(INLINE_SCRIPT)
    // The dashboard only reads: no form but the shell's logout.
    expect(body.match(/<form /g)?.length).toBe(1)
  })

  it('puts the daily series for the chart in a data attribute: 30 days, oldest first', async () => {
    const body = (await app.inject({ method: 'GET', url: '/console' })).body
    const attribute = /<canvas id="daily-chart" data-series="([^"]*)"/.exec(body)?.[1]
    expect(attribute).toBeDefined()
    const series = JSON.parse((attribute ?? '').replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as { days: string[]; orders: number[]; commissionFen: number[]; views: number[] }
    expect(series.days.length).toBe(30)
    expect(series.days[0]).toBe('11-07')
    expect(series.days.at(-1)).toBe('12-06')
    expect(series.orders.at(-1)).toBe(2)
    expect(series.orders[series.days.indexOf('12-03')]).toBe(1)
    expect(series.orders[series.days.indexOf('12-01')]).toBe(1)
    expect(series.orders.reduce((a, b) => a + b, 0)).toBe(5)
    expect(series.commissionFen[series.days.indexOf('11-20')]).toBe(3_000)
    expect(series.views.reduce((a, b) => a + b, 0)).toBe(7)
  })

  it('serves chart.js from node_modules and its own drawing script, both same-origin JavaScript', async () => {
    const chart = await app.inject({ method: 'GET', url: '/console/assets/chart.js' })
    expect(chart.statusCode).toBe(200)
    expect(chart.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(chart.body.length).toBeGreaterThan(100_000)
    expect(chart.body).toContain('Chart.js v4')
    const script = await app.inject({ method: 'GET', url: '/console/assets/dashboard.js' })
    expect(script.statusCode).toBe(200)
    expect(script.body).toContain("document.getElementById('daily-chart')")
    expect(script.body).toContain("getAttribute('data-series')")
    expect(() => new Function(script.body)).not.toThrow()
  })

  it("the drawing script hands chart.js the page's series: orders and views on the count axis, commission in yuan on the money axis", async () => {
    const body = (await app.inject({ method: 'GET', url: '/console' })).body
    const attribute = (/<canvas id="daily-chart" data-series="([^"]*)"/.exec(body)?.[1] ?? '').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
    const attributes = new Map([['data-series', attribute]])
    const canvas = { getAttribute: (name: string) => attributes.get(name) ?? null, setAttribute: (name: string, value: string) => attributes.set(name, value) }
    const drawn: { canvas: unknown; config: { data: { labels: string[]; datasets: { label: string; yAxisID: string; data: number[] }[] } } }[] = []
    const window = {
      matchMedia: () => ({ matches: false }),
      Chart: function Chart(this: unknown, target: unknown, config: (typeof drawn)[number]['config']) {
        drawn.push({ canvas: target, config })
      },
    }
    runInNewContext(DASHBOARD_SCRIPT, { window, document: { getElementById: (id: string) => (id === 'daily-chart' ? canvas : null) } })
    expect(drawn.length).toBe(1)
    expect(drawn[0]?.canvas).toBe(canvas)
    const { labels, datasets } = drawn[0]?.config.data ?? { labels: [], datasets: [] }
    expect(labels.length).toBe(30)
    expect(datasets.map((d) => [d.label, d.yAxisID])).toEqual([
      ['订单', 'count'],
      ['推送浏览', 'count'],
      ['佣金（元）', 'money'],
    ])
    expect(datasets[2]?.data[labels.indexOf('11-20')]).toBe(30)
    expect(attributes.get('data-drawn')).toBe('true')
  })

  it('the drawing script does nothing when the chart library did not load', () => {
    expect(() => runInNewContext(DASHBOARD_SCRIPT, { window: {}, document: { getElementById: () => ({ getAttribute: () => '{}' }) } })).not.toThrow()
  })
})
