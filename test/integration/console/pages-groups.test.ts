import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { updateGroupSettings } from '../../../src/groups/group.repository.js'
import { funnelByPush } from '../../../src/reports/funnel.service.js'
import type { UserRow } from '../../../src/users/user.table.js'
import { consoleGroupRoutes } from '../../../web/console/groups.routes.js'
import { bj, seedClick, seedGroup, seedMovement, seedOrder, seedPush, seedPushLink } from '../../support/funnel-factory.js'
import { newUser } from '../../support/order-factory.js'
import { openPrivateDatabase, preferredBackend } from '../../support/test-databases.js'
import { HOSTILE_ESCAPED, HOSTILE_NAME, INLINE_SCRIPT, pagesApp } from './pages-app.js'

const TZ = 'Asia/Shanghai'
const NOW = bj('2026-12-06 16:00')

describe('console groups pages', () => {
  let handle: DatabaseHandle
  let app: FastifyInstance
  let owner: UserRow
  const room = `${randomUUID()}@chatroom`
  const quiet = `${randomUUID()}@chatroom`
  const hostile = `${randomUUID()}@chatroom`

  const get = (url: string) => app.inject({ method: 'GET', url })

  beforeAll(async () => {
    handle = await openPrivateDatabase(preferredBackend())
    app = await pagesApp([consoleGroupRoutes({ db: handle.db, timeZone: TZ, now: () => NOW })])
    owner = await newUser(handle.db, '群主老王')
    await seedGroup(handle.db, { roomId: room, topic: '省钱一群', owner, memberCount: 200 })
    await updateGroupSettings(handle.db, room, { push_schedules: ['0 9 * * *', '30 20 * * *'], push_categories: ['美食'] })
    await seedGroup(handle.db, { roomId: quiet, topic: '暂停的群', owner })
    await updateGroupSettings(handle.db, quiet, { push_schedules: ['0 9 * * *'], push_paused: true })
    await seedGroup(handle.db, { roomId: hostile, topic: `${HOSTILE_NAME}群`, owner })

    const push = await seedPush(handle.db, { roomId: room, slot: '2026-12-06 09:00', platform: 'jd', itemId: 'sku-cup', at: bj('2026-12-06 09:00') })
    const code = await seedPushLink(handle.db, push, owner)
    await seedClick(handle.db, { code, at: bj('2026-12-06 09:05'), action: 'view', visitor: 'v1' })
    await seedClick(handle.db, { code, at: bj('2026-12-06 09:06'), action: 'view', visitor: 'v2' })
    await seedClick(handle.db, { code, at: bj('2026-12-06 09:07'), action: 'view', visitor: 'v2' })
    const order = await seedOrder(handle.db, { user: owner, platform: 'jd', itemId: 'sku-cup', paidAt: bj('2026-12-06 09:30'), status: 'paid', paidFen: 5_000, estimatedFen: 800 })
    await seedMovement(handle.db, { orderRowId: order, platform: 'jd', user: owner, role: 'group_owner', kind: 'estimate', pendingFen: 400, availableFen: 0 })
    await seedPush(handle.db, { roomId: room, slot: '2026-12-05 20:30', platform: 'pdd', itemId: 'g-1', at: bj('2026-12-05 20:30'), dropped: true })
    await seedPush(handle.db, { roomId: room, slot: '2026-10-01 09:00', platform: 'jd', itemId: 'old', at: bj('2026-10-01 09:00') })
  })
  afterAll(async () => {
    await app.close()
    await handle.close()
  })

  it('lists each group with owner, member count, schedule, next push (none when paused) and last push', async () => {
    const response = await get('/console/groups')
    expect(response.statusCode).toBe(200)
    const body = response.body
    const row = (topic: string) => new RegExp(`<tr><td><a href="[^"]+">${topic}</a></td>.*?</tr>`).exec(body)?.[0] ?? ''
    const busy = row('省钱一群')
    expect(busy).toContain(`href="/console/groups/${encodeURIComponent(room)}"`)
    expect(busy).toContain(`<a href="/console/users/${owner.id}">群主老王</a>`)
    expect(busy).toContain('<td class="num">200</td>')
    expect(busy).toContain('<code>0 9 * * *；30 20 * * *</code>')
    // 16:00 in Beijing: the next of 09:00 and 20:30 is tonight's.
    expect(busy).toContain('<td>2026-12-06 20:30</td>')
    expect(busy).toContain('<td>2026-12-06 09:00</td>')
    const paused = row('暂停的群')
    expect(paused).toContain('<span class="badge warn">已暂停</span>')
    expect(paused).toContain('<td>—</td><td>—</td>')
    expect(body).not.toMatch(INLINE_SCRIPT)
  })

  it("shows a group's pushes of the last 30 days with the funnel's clicks, orders and commission per push", async () => {
    const response = await get(`/console/groups/${encodeURIComponent(room)}`)
    expect(response.statusCode).toBe(200)
    const body = response.body
    const [sent] = await funnelByPush({ db: handle.db, timeZone: TZ }, { from: bj('2026-12-06 00:00'), to: NOW }, [room])
    expect(sent?.figures).toMatchObject({ views: 3, visitors: 2, orders: 1, commissionFen: 800 })
    expect(body).toContain(
      `<tr><td>2026-12-06 09:00</td><td>京东</td><td class="wrap">商品sku-cup</td><td class="num">3</td><td class="num">2</td><td class="num">1.00%</td><td class="num">1</td><td class="num">¥8.00</td></tr>`,
    )
    expect(body).toContain('<span class="badge warn">未发出：daily-cap</span>')
    expect(body).not.toContain('商品old')
    expect(body).toContain('<dd>美食</dd>')
    expect(body).toContain('<dd>2026-12-06 20:30</dd>')
  })

  it('escapes a group topic holding <script>', async () => {
    for (const url of ['/console/groups', `/console/groups/${encodeURIComponent(hostile)}`]) {
      const body = (await get(url)).body
      expect(body).toContain(HOSTILE_ESCAPED)
      expect(body).not.toContain(HOSTILE_NAME)
    }
  })

  it.each([
    [`/console/groups/${encodeURIComponent('<b>')}`, 400, '群编号格式不对'],
    ['/console/groups/a%20b', 400, '群编号格式不对'],
    ['/console/groups/nobody@chatroom', 404, '没有这个群的记录'],
  ])('%s → %i', async (url, status, message) => {
    const response = await get(url)
    expect(response.statusCode).toBe(status)
    expect(response.body).toContain(message)
  })
})
