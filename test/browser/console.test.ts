import { randomUUID } from 'node:crypto'
import { mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Infra } from '../../cli/infra.js'
import { startWebRole, type WebRole } from '../../cli/roles/web.role.js'
import { loadConfig } from '../../src/config.js'
import { consoleLoginLink } from '../../src/console/console-session.service.js'
import type { DatabaseHandle } from '../../src/db/create-db.js'
import { PublicBaseUrl } from '../../src/landing/landing-links.js'
import { createPlatforms } from '../../src/platforms/create-platforms.js'
import { QUEUE } from '../../src/queue/queue-names.js'
import { createRedisConnection } from '../../src/queue/redis-connection.js'
import { setLogSink } from '../../src/shared/log.js'
import type { UserRow } from '../../src/users/user.table.js'
import { requestWithdrawal } from '../../src/withdrawals/withdrawal.service.js'
import { seedClick, seedGroup, seedMovement, seedOrder, seedPush, seedPushLink } from '../support/funnel-factory.js'
import { fundForTest, newUser } from '../support/order-factory.js'
import { openPrivateDatabase, preferredBackend } from '../support/test-databases.js'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const OPERATOR = `wx-console-operator-${randomUUID().slice(0, 8)}`
// Screenshots for a human to look at; never committed.
const SHOTS = join(tmpdir(), 'rebate-bot-console-browser')

const VIEWPORTS = [
  { name: 'phone', width: 375, height: 667, mobile: true },
  { name: 'laptop', width: 1280, height: 800, mobile: false },
] as const
type ViewportName = (typeof VIEWPORTS)[number]['name']

interface Seeded {
  readonly buyer: UserRow
  readonly roomId: string
  /** One unattributed order per viewport (row id and order number): each walk assigns its own. */
  readonly unattributed: Readonly<Record<ViewportName, { readonly id: string; readonly number: string }>>
  /** One pending withdrawal per viewport: each walk approves its own. */
  readonly withdrawals: Readonly<Record<ViewportName, string>>
}

/** Users, orders (one nobody could be credited for), a group with a push that was clicked and bought from, pending withdrawals with money behind them. */
async function seed(handle: DatabaseHandle): Promise<Seeded> {
  const { db } = handle
  const owner = await newUser(db, '群主老王')
  const buyer = await newUser(db, '买家小李')
  const roomId = `${randomUUID()}@chatroom`
  await seedGroup(db, { roomId, topic: '省钱一群', owner, memberCount: 180 })
  const now = Date.now()
  const push = await seedPush(db, { roomId, slot: 'today 09:00', platform: 'jd', itemId: 'sku-cup', at: new Date(now - 3 * 3_600_000) })
  const code = await seedPushLink(db, push, owner)
  for (const visitor of ['v1', 'v2', 'v3']) await seedClick(db, { code, at: new Date(now - 2 * 3_600_000), action: 'view', visitor })
  const order = await seedOrder(db, { user: buyer, platform: 'jd', itemId: 'sku-cup', paidAt: new Date(now - 3_600_000), status: 'paid', paidFen: 5_000, estimatedFen: 800 })
  await seedMovement(db, { orderRowId: order, platform: 'jd', user: buyer, role: 'buyer', kind: 'estimate', pendingFen: 400, availableFen: 0 })
  await seedMovement(db, { orderRowId: order, platform: 'jd', user: owner, role: 'group_owner', kind: 'estimate', pendingFen: 80, availableFen: 0 })
  const unattributed: Record<string, { id: string; number: string }> = {}
  for (const viewport of VIEWPORTS) {
    // Taobao's order numbers: 19 digits, the sub-order's another 19.
    const number = `${now}${VIEWPORTS.indexOf(viewport)}000000`.slice(0, 19)
    const loose = await db
      .insertInto('orders')
      .values({
        platform: 'taobao',
        sub_order_id: `${BigInt(number) + 1n}`,
        order_id: number,
        item_id: `tb-item-${viewport.name}`,
        // Platforms send titles with no break opportunities: they must wrap or scroll in their box, not widen the page.
        item_title: `【官方旗舰店】超长标题保温杯不锈钢大容量${'Ultra-Long-Model-Number-'.repeat(6)}500ml`,
        quantity: 1,
        paid_fen: 12_345,
        status: 'paid',
        estimated_commission_fen: 1_234,
        settled_commission_fen: null,
        platform_attribution_id: null,
        relation_id: null,
        paid_at: new Date(now - 2 * 3_600_000),
        received_at: null,
        settled_at: null,
        platform_updated_at: new Date(now - 2 * 3_600_000),
        user_id: null,
        attribution: null,
        attribution_note: 'ambiguous',
        attributed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    unattributed[viewport.name] = { id: loose.id, number }
  }
  const withdrawals: Record<string, string> = {}
  for (const [viewport, name] of [
    ['phone', '提现用户甲'],
    ['laptop', '提现用户乙'],
  ] as const) {
    const user = await newUser(db, name)
    await fundForTest(db, user, 3_000)
    const outcome = await requestWithdrawal({ db, minimumFen: 100, dailyLimit: 10 }, { contactId: user.contact_id, displayName: name }, 1_200)
    if (outcome.kind !== 'requested') throw new Error(`withdrawal refused: ${outcome.kind}`)
    withdrawals[viewport] = outcome.id
  }
  return { buyer, roomId, unattributed: unattributed as Seeded['unattributed'], withdrawals: withdrawals as Seeded['withdrawals'] }
}

describe('the operator console in a real browser (Chromium, the web role on PostgreSQL and Redis)', () => {
  let handle: DatabaseHandle
  let role: WebRole
  let infra: Infra
  let browser: Browser
  let seeded: Seeded
  let sideQueue: Queue
  const connections: Redis[] = []
  const prefix = `console-browser-${randomUUID().slice(0, 8)}`

  beforeAll(async () => {
    setLogSink(() => undefined)
    rmSync(SHOTS, { recursive: true, force: true })
    mkdirSync(SHOTS, { recursive: true })
    handle = await openPrivateDatabase(preferredBackend())
    seeded = await seed(handle)
    const config = loadConfig({ LOG_LEVEL: 'silent', WEB_PORT: '0', OPERATOR_IDS: OPERATOR, QUEUE_PREFIX: prefix })
    const publicUrl = new PublicBaseUrl(config.web.publicBaseUrl)
    // The parts of Infra the web role reads; Redis as the board reaches it (a connection of its own, closed here).
    const redis = {
      connect: (): Redis => {
        const connection = createRedisConnection(REDIS_URL)
        connections.push(connection)
        return connection
      },
    }
    infra = { config, database: handle, publicUrl, landing: undefined, platforms: createPlatforms(config), redis } as unknown as Infra
    // A job waiting in order-sync, so the board has something of ours to show.
    sideQueue = new Queue(QUEUE.orderSync, { connection: redis.connect(), prefix })
    await sideQueue.add('sync', { platform: 'jd' }, { jobId: 'browser-test-job', delay: 3_600_000 })
    role = await startWebRole(infra)
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await role?.close()
    await sideQueue?.obliterate({ force: true })
    await sideQueue?.close()
    await Promise.all(connections.map((connection) => connection.quit()))
    await handle?.close()
  })

  describe.each(VIEWPORTS)('at $width×$height ($name)', (viewport) => {
    let context: BrowserContext
    let page: Page
    /** Console errors, uncaught exceptions and CSP violations since the last check. */
    let problems: string[] = []
    let shots = 0

    beforeAll(async () => {
      context = await browser.newContext({
        viewport: { width: viewport.width, height: viewport.height },
        // A phone honours the viewport meta tag and zooms out to fit a page wider than the screen: innerWidth then tells.
        isMobile: viewport.mobile,
        hasTouch: viewport.mobile,
        locale: 'zh-CN',
      })
      // Nothing leaves the machine: a page that reaches for another origin is answered with nothing (and a CSP refusal shows first).
      await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort())
      // CSP violations as the page sees them, besides the "Refused to …" console line Chromium writes.
      await context.exposeBinding('reportCspViolation', (_source, text: string) => void problems.push(`csp: ${text}`))
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          const report = (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation
          void report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`)
        })
      })
      page = await context.newPage()
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`)
      })
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
    })
    afterAll(async () => {
      await context?.close()
    })

    /**
     * No script error or CSP refusal so far, and the page itself does not
     * scroll sideways (wide tables scroll in their own box). Soft: one walk
     * reports every page that fails, not just the first.
     */
    async function expectClean(what: string): Promise<void> {
      // Violations are reported asynchronously: give them a moment to arrive.
      await page.waitForTimeout(150)
      const seen = problems
      // A failure here must not be blamed on the next page too.
      problems = []
      expect.soft(seen, what).toEqual([])
      const widths = await page.evaluate(() => ({ scroll: document.scrollingElement?.scrollWidth ?? 0, inner: window.innerWidth }))
      expect.soft(widths.inner, `${what}: the phone zoomed out to fit a wide page`).toBe(viewport.width)
      expect.soft(widths.scroll, `${what}: the page is wider than the screen`).toBeLessThanOrEqual(widths.inner)
      await page.screenshot({ path: join(SHOTS, `${viewport.name}-${String(++shots).padStart(2, '0')}-${what.replace(/[^A-Za-z0-9]+/g, '_').slice(0, 40)}.png`), fullPage: true })
    }

    async function visit(path: string, heading: string): Promise<void> {
      const response = await page.goto(`${role.url}${path}`)
      expect(response?.status(), path).toBe(200)
      await expect.poll(() => page.locator('h1').first().textContent(), { timeout: 5_000 }).toBe(heading)
      await expectClean(path)
    }

    it('logs in through the link 后台 sends, lands on the dashboard and draws its chart', async () => {
      const link = await consoleLoginLink({ db: handle.db, publicUrl: infra.publicUrl }, { contactId: OPERATOR, displayName: '值班运营' })
      // The web role learned its bound address: the chat's link points at it.
      expect(link.url.startsWith(`${role.url}/console/login?token=`)).toBe(true)
      const response = await page.goto(link.url)
      expect(response?.status()).toBe(200)
      await expectClean('login page')
      await Promise.all([page.waitForURL(`${role.url}/console`), page.getByRole('button', { name: '进入后台' }).click()])
      expect(await page.locator('h1').textContent()).toBe('仪表盘')
      await page.waitForSelector('#daily-chart[data-drawn="true"]', { timeout: 10_000 })
      // Drawn means pixels, not just the attribute: the canvas has a size and something on it.
      const drawn = await page.evaluate(() => {
        const canvas = document.getElementById('daily-chart') as HTMLCanvasElement
        const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray()
        return { width: canvas.getBoundingClientRect().width, painted: pixels.some((value, i) => i % 4 === 3 && value !== 0) }
      })
      expect(drawn.width).toBeGreaterThan(0)
      expect(drawn.width).toBeLessThanOrEqual(viewport.width)
      expect(drawn.painted).toBe(true)
      await expectClean('dashboard')
    })

    it('visits every section: users, a user, orders filtered, an order, withdrawals, groups, a group, platforms, audit', async () => {
      const { buyer, roomId } = seeded
      const loose = seeded.unattributed[viewport.name]
      await visit(`/console/users?q=${encodeURIComponent(buyer.contact_id)}`, '用户')
      await Promise.all([page.waitForURL(`${role.url}/console/users/${buyer.id}`), page.locator(`main a[href="/console/users/${buyer.id}"]`).first().click()])
      expect(await page.locator('h1').textContent()).toBe('用户：买家小李')
      await expectClean('user page')
      await visit('/console/orders?platform=taobao&unattributed=1', '订单')
      expect(await page.locator(`a[href="/console/orders/${loose.id}"]`).count()).toBeGreaterThan(0)
      // The filter form itself, as an operator uses it: JD only, attributed or not.
      await page.locator('select[name="platform"]').selectOption('jd')
      await page.locator('input[name="unattributed"]').uncheck()
      await Promise.all([page.waitForURL(/\/console\/orders\?platform=jd/), page.locator('form.filters button[type="submit"]').click()])
      expect(await page.locator(`a[href="/console/orders/${loose.id}"]`).count()).toBe(0)
      expect(await page.locator('main a[href^="/console/orders/"]').count()).toBeGreaterThan(0)
      await expectClean('orders filtered by the form')
      await visit(`/console/orders/${loose.id}`, `订单 ${loose.number}`)
      await visit('/console/withdrawals', '提现审核')
      await visit('/console/groups', '群')
      await Promise.all([
        page.waitForURL(`${role.url}/console/groups/${encodeURIComponent(roomId)}`),
        page.locator(`main a[href="/console/groups/${encodeURIComponent(roomId)}"]`).first().click(),
      ])
      expect(await page.locator('h1').textContent()).toBe('群：省钱一群')
      await expectClean('group page')
      await visit('/console/platforms', '平台与账号')
      await visit('/console/audit', '审计日志')
    })

    it('assigns an unattributed order to a user through its form', async () => {
      const loose = seeded.unattributed[viewport.name]
      await visit(`/console/orders/${loose.id}/assign`, `指派订单 ${loose.number}`)
      await page.locator('input[name="user"]').fill(seeded.buyer.contact_id)
      await page.locator('input[name="reason"]').fill('用户发来付款截图')
      await page.getByRole('button', { name: '指派给该用户' }).click()
      await expect.poll(() => page.locator('h1').textContent()).toBe('订单已指派')
      expect(await page.locator('.flash.ok').textContent()).toContain(`订单 ${loose.number}`)
      await expectClean('order assigned')
      const row = await handle.db.selectFrom('orders').select(['user_id', 'attribution']).where('id', '=', loose.id).executeTakeFirstOrThrow()
      expect(row).toEqual({ user_id: seeded.buyer.id, attribution: 'operator' })
    })

    it('shows the queues board (bull-board) under its own CSP, with our queue and job', async () => {
      const response = await page.goto(`${role.url}/console/queues`)
      expect(response?.status()).toBe(200)
      // The board is a React app: its queue list only exists once its scripts ran and its API answered.
      await page.getByText(QUEUE.orderSync).first().waitFor({ timeout: 15_000 })
      await expectClean('queues')
      await Promise.all([page.waitForURL(/\/console\/queues\/queue\//), page.getByText(QUEUE.orderSync).first().click()])
      await page.getByText('browser-test-job').first().waitFor({ timeout: 15_000 })
      await expectClean('queue page')
    })

    it('approves the pending withdrawal through its form: the flash says so and the audit page lists it', async () => {
      const id = seeded.withdrawals[viewport.name]
      await visit('/console/withdrawals', '提现审核')
      await Promise.all([
        page.waitForURL(new RegExp(`/console/withdrawals\\?done=paid&id=${id}`)),
        page.locator(`form[action="/console/withdrawals/${id}/approve"] button[type="submit"]`).click(),
      ])
      expect(await page.locator('.flash.ok').textContent()).toBe(`申请 ${id} 已通过并打款。`)
      await expectClean('withdrawal approved')
      const row = await handle.db.selectFrom('withdrawals').select('status').where('id', '=', id).executeTakeFirstOrThrow()
      expect(row.status).toBe('paid')
      await visit('/console/audit', '审计日志')
      const approval = page.locator('tr', { hasText: `提现 ${id}` })
      expect(await approval.count()).toBe(1)
      expect(await approval.textContent()).toContain('通过提现')
      expect(await approval.textContent()).toContain(OPERATOR)
    })

    it('logs out: the button ends the session and /console asks for a login again', async () => {
      await visit('/console', '仪表盘')
      await Promise.all([page.waitForURL(`${role.url}/console/logout`), page.getByRole('button', { name: '退出' }).click()])
      expect(await page.locator('h1').textContent()).toBe('已退出后台')
      await expectClean('logged out')
      const again = await page.goto(`${role.url}/console`)
      expect(again?.status()).toBe(401)
      // The 401 itself is the one error expected here: Chromium logs every document answered with an error status.
      expect(problems).toEqual(['console: Failed to load resource: the server responded with a status of 401 (Unauthorized)'])
      problems = []
      expect(await page.content()).toContain('请先登录后台')
      expect(await page.locator('#daily-chart').count()).toBe(0)
      await expectClean('after logout')
      // The session is over on the server, not just forgotten by the browser.
      const open = await handle.db.selectFrom('console_sessions').select('token_hash').where('ended_at', 'is', null).execute()
      expect(open).toEqual([])
    })
  })
})
