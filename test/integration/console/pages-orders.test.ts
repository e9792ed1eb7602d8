import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ORDER_PAGE_SIZE } from '../../../src/console/order-browse.service.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import type { Platform } from '../../../src/links/parsed-link.js'
import type { AttributionMethod } from '../../../src/orders/order.table.js'
import type { OrderStatus } from '../../../src/platforms/order-feed.js'
import type { UserRow } from '../../../src/users/user.table.js'
import { consoleOrderRoutes } from '../../../web/console/orders.routes.js'
import { seedMovement } from '../../support/funnel-factory.js'
import { newUser } from '../../support/order-factory.js'
import { openPrivateDatabase, preferredBackend } from '../../support/test-databases.js'
import { HOSTILE_ESCAPED, HOSTILE_NAME, INLINE_SCRIPT, pagesApp } from './pages-app.js'

const TZ = 'Asia/Shanghai'

interface Seed {
  readonly platform?: Platform
  readonly status?: OrderStatus
  readonly user?: UserRow | null
  readonly rung?: AttributionMethod | null
  readonly settledAt?: Date | null
  readonly title?: string
}

describe('console orders pages', () => {
  let handle: DatabaseHandle
  let app: FastifyInstance
  let buyer: UserRow
  const ids: Record<string, string> = {}

  const get = (url: string) => app.inject({ method: 'GET', url })
  /** The order numbers a list page shows, in its order. */
  const listed = (body: string): string[] => [...body.matchAll(/<a href="\/console\/orders\/\d+">([^<]+)<\/a>/g)].map((m) => m[1] ?? '')

  async function seed(name: string, o: Seed): Promise<string> {
    const user = o.user === undefined ? buyer : o.user
    const row = await handle.db
      .insertInto('orders')
      .values({
        platform: o.platform ?? 'jd',
        sub_order_id: `${name}-1`,
        order_id: name,
        item_id: `item-${randomUUID().slice(0, 8)}`,
        item_title: o.title ?? `商品${name}`,
        quantity: 1,
        paid_fen: 12_345,
        status: o.status ?? 'paid',
        estimated_commission_fen: 1_234,
        settled_commission_fen: o.status === 'settled' || o.status === 'refunded' ? 1_000 : null,
        platform_attribution_id: null,
        relation_id: null,
        paid_at: new Date(Date.now() - 3_600_000),
        received_at: null,
        settled_at: o.settledAt ?? null,
        platform_updated_at: new Date(),
        user_id: user?.id ?? null,
        attribution: user ? (o.rung === undefined ? 'platform_id' : o.rung) : null,
        attribution_note: user ? null : 'ambiguous',
        attributed_at: user ? new Date() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    ids[name] = row.id
    return row.id
  }

  beforeAll(async () => {
    handle = await openPrivateDatabase(preferredBackend())
    app = await pagesApp([consoleOrderRoutes({ db: handle.db, timeZone: TZ })])
    buyer = await newUser(handle.db, `${HOSTILE_NAME}买家`)
    await seed('JD-PAID', {})
    await seed('TB-LOOSE', { platform: 'taobao', user: null })
    await seed('PDD-CLAIM', { platform: 'pdd', rung: 'claim', status: 'settled', settledAt: new Date() })
    await seed('JD-REFUND-AFTER', { status: 'refunded', settledAt: new Date() })
    await seed('JD-REFUND-BEFORE', { status: 'refunded', settledAt: null })
    await seed('JD-HOSTILE', { title: `${HOSTILE_NAME}保温杯` })
    await seedMovement(handle.db, { orderRowId: ids['JD-REFUND-AFTER'] ?? '', platform: 'jd', user: buyer, role: 'buyer', kind: 'settle', pendingFen: 0, availableFen: 600 })
    await seedMovement(handle.db, { orderRowId: ids['JD-REFUND-AFTER'] ?? '', platform: 'jd', user: buyer, role: 'buyer', kind: 'refund', pendingFen: 0, availableFen: -600 })
    // JD: a refund after completion is a lower settled amount, the status still settled; the ledger takes money back.
    await seed('JD-SETTLED-CUT', { status: 'settled', settledAt: new Date() })
    await seedMovement(handle.db, { orderRowId: ids['JD-SETTLED-CUT'] ?? '', platform: 'jd', user: buyer, role: 'buyer', kind: 'settle', pendingFen: 0, availableFen: 600 })
    await seedMovement(handle.db, { orderRowId: ids['JD-SETTLED-CUT'] ?? '', platform: 'jd', user: buyer, role: 'buyer', kind: 'adjust', pendingFen: 0, availableFen: -200 })
    await seed('JD-SETTLED-OK', { status: 'settled', settledAt: new Date() })
    await seedMovement(handle.db, { orderRowId: ids['JD-SETTLED-OK'] ?? '', platform: 'jd', user: buyer, role: 'buyer', kind: 'pending', pendingFen: 600, availableFen: 0 })
    await seedMovement(handle.db, { orderRowId: ids['JD-SETTLED-OK'] ?? '', platform: 'jd', user: buyer, role: 'buyer', kind: 'settle', pendingFen: -600, availableFen: 600 })
    await handle.db
      .insertInto('order_refunds')
      .values({ platform: 'jd', sub_order_id: 'JD-REFUND-AFTER-1', order_id: 'JD-REFUND-AFTER', refund_id: 'RF-778', commission_refund_fen: 1_000, refunded_at: new Date(), platform_updated_at: new Date(), order_row_id: ids['JD-REFUND-AFTER'] ?? null, applied_at: new Date() })
      .execute()
  })
  afterAll(async () => {
    await app.close()
    await handle.close()
  })

  it('lists every order newest first, with users linked, unattributed ones linked to their assignment, and the filter form', async () => {
    const response = await get('/console/orders')
    expect(response.statusCode).toBe(200)
    expect(listed(response.body)).toEqual(['JD-SETTLED-OK', 'JD-SETTLED-CUT', 'JD-HOSTILE', 'JD-REFUND-BEFORE', 'JD-REFUND-AFTER', 'PDD-CLAIM', 'TB-LOOSE', 'JD-PAID'])
    expect(response.body).toContain(`<a href="/console/orders/${ids['TB-LOOSE']}/assign">指定用户</a>`)
    expect(response.body.match(/\/assign"/g)?.length).toBe(1)
    expect(response.body).toContain(`<a href="/console/users/${buyer.id}">`)
    expect(response.body).toContain('<select name="platform">')
    expect(response.body).toContain('¥123.45')
    expect(response.body).not.toMatch(INLINE_SCRIPT)
  })

  it.each([
    ['platform=taobao', ['TB-LOOSE']],
    ['platform=pdd&status=settled', ['PDD-CLAIM']],
    ['rung=claim', ['PDD-CLAIM']],
    ['unattributed=1', ['TB-LOOSE']],
    ['refunded=1', ['JD-SETTLED-CUT', 'JD-REFUND-AFTER']],
    ['status=settled', ['JD-SETTLED-OK', 'JD-SETTLED-CUT', 'PDD-CLAIM']],
    ['status=settled&refunded=1', ['JD-SETTLED-CUT']],
    ['status=refunded', ['JD-REFUND-BEFORE', 'JD-REFUND-AFTER']],
    ['platform=&status=&rung=&unattributed=&refunded=', ['JD-SETTLED-OK', 'JD-SETTLED-CUT', 'JD-HOSTILE', 'JD-REFUND-BEFORE', 'JD-REFUND-AFTER', 'PDD-CLAIM', 'TB-LOOSE', 'JD-PAID']],
    ['platform=jd&unattributed=1', []],
  ])('filters: %s', async (query, expected) => {
    const response = await get(`/console/orders?${query}`)
    expect(response.statusCode).toBe(200)
    expect(listed(response.body)).toEqual(expected)
    if (expected.length === 0) expect(response.body).toContain('没有符合条件的订单')
  })

  it('keeps the chosen filters selected in the form', async () => {
    const body = (await get('/console/orders?platform=pdd&unattributed=1')).body
    expect(body).toContain('<option value="pdd" selected>拼多多</option>')
    expect(body).toContain('<input type="checkbox" name="unattributed" value="1" checked/>')
  })

  it.each([
    ['platform=amazon', '平台只能是'],
    ['status=lost', '订单状态只能是'],
    ['rung=guess', '归属方式只能是'],
    ['unattributed=yes', '只看未归属'],
    ['before=1%20or%201=1', '分页参数有误'],
    ['platform=jd&platform=pdd', '平台只能是'],
  ])('a bad query (%s) is answered 400 with what is wrong', async (query, message) => {
    const response = await get(`/console/orders?${query}`)
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain(message)
    expect(response.body).not.toContain('ZodError')
  })

  it('pages with a keyset, keeping the filters on the next link', async () => {
    for (let i = 0; i < ORDER_PAGE_SIZE + 3; i++) await seed(`BULK-${String(i).padStart(3, '0')}`, { platform: 'pdd', status: 'received' })
    const first = (await get('/console/orders?platform=pdd&status=received')).body
    const firstRows = listed(first)
    expect(firstRows.length).toBe(ORDER_PAGE_SIZE)
    expect(firstRows[0]).toBe(`BULK-${String(ORDER_PAGE_SIZE + 2).padStart(3, '0')}`)
    const next = /<a href="([^"]+)">下一页<\/a>/.exec(first)?.[1]?.replace(/&amp;/g, '&')
    expect(next).toMatch(/^\/console\/orders\?platform=pdd&status=received&before=\d+$/)
    const second = (await get(next ?? '')).body
    expect(listed(second)).toEqual(['BULK-002', 'BULK-001', 'BULK-000'])
    expect(second).not.toContain('下一页')
  })

  it('shows an order with its ledger movements (keys included) and its refunds', async () => {
    const response = await get(`/console/orders/${ids['JD-REFUND-AFTER']}`)
    expect(response.statusCode).toBe(200)
    const body = response.body
    expect(body).toContain('<span class="badge bad">结算后退款</span>')
    expect(body).toMatch(/<code>test:\d+:\d+:buyer:settle:[0-9a-f-]+<\/code>/)
    expect(body).toMatch(/<code>test:\d+:\d+:buyer:refund:[0-9a-f-]+<\/code>/)
    expect(body).toContain(`user:${buyer.id}:available`)
    expect(body).toContain('platform:jd:rebates')
    expect(body).toContain('+¥6.00')
    expect(body).toContain('-¥6.00')
    expect(body).toContain('<td>RF-778</td><td class="num">¥10.00</td>')
  })

  it('an unattributed order says why and links to its assignment', async () => {
    const body = (await get(`/console/orders/${ids['TB-LOOSE']}`)).body
    expect(body).toContain('多人领过链接，待认领')
    expect(body).toContain(`<a href="/console/orders/${ids['TB-LOOSE']}/assign">把这个订单指定给用户</a>`)
    expect(body).toContain('这个订单还没有记过账')
  })

  it('escapes a title and a user name holding <script>', async () => {
    for (const url of ['/console/orders', `/console/orders/${ids['JD-HOSTILE']}`]) {
      const body = (await get(url)).body
      expect(body).toContain(HOSTILE_ESCAPED)
      expect(body).not.toContain(HOSTILE_NAME)
    }
  })

  it.each([
    ['/console/orders/abc', 400, '订单编号只能是数字'],
    ['/console/orders/1e5', 400, '订单编号只能是数字'],
    ['/console/orders/987654321', 404, '没有编号为 987654321 的订单'],
  ])('%s → %i', async (url, status, message) => {
    const response = await get(url)
    expect(response.statusCode).toBe(status)
    expect(response.body).toContain(message)
  })
})
