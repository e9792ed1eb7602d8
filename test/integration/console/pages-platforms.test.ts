import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeAccountState } from '../../../src/accounts/account.repository.js'
import { pauseAccount } from '../../../src/accounts/account.service.js'
import { beijingDate } from '../../../src/accounts/beijing-date.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { advanceSyncCursor, countRejectedRows, stopSync } from '../../../src/orders/sync-cursor.repository.js'
import { consolePlatformRoutes } from '../../../web/console/platforms.routes.js'
import { openPrivateDatabase, preferredBackend } from '../../support/test-databases.js'
import { HOSTILE_ESCAPED, HOSTILE_NAME, INLINE_SCRIPT, pagesApp, TEST_OPERATOR } from './pages-app.js'

const TZ = 'Asia/Shanghai'

describe('console platforms and accounts page', () => {
  let handle: DatabaseHandle
  let app: FastifyInstance
  let now: Date

  beforeAll(async () => {
    handle = await openPrivateDatabase(preferredBackend())
    now = new Date()
    app = await pagesApp([
      consolePlatformRoutes({ db: handle.db, timeZone: TZ, now: () => now, caps: { dailyCap: 100, warmup: { start: 10, growthPerDay: 5 } } }),
    ])
    await advanceSyncCursor(handle.db, 'taobao', new Date(now.getTime() - 5 * 60_000))
    await countRejectedRows(handle.db, 'taobao', 3, new Date(now.getTime() - 3_600_000))
    await advanceSyncCursor(handle.db, 'jd', new Date(now.getTime() - 4 * 3_600_000))
    await stopSync(handle.db, 'jd', `京东 403 权限不足 ${HOSTILE_NAME}`, new Date())
    const today = beijingDate(now.getTime())
    await writeAccountState(handle.db, { name: 'bot-a', state: 'logged-in', stateReason: null, sentDay: today, sentToday: { push: 7, reply: 30, notification: 4 }, backlog: 12 })
    await writeAccountState(handle.db, { name: 'bot-b', state: 'limited', stateReason: `发送消息过于频繁${HOSTILE_NAME}`, sentDay: '2020-01-01', sentToday: { push: 99 }, backlog: 0 })
    await writeAccountState(handle.db, { name: 'bot-c', state: 'logged-in', stateReason: null, sentDay: today, sentToday: {}, backlog: 0 })
    await pauseAccount(handle.db, 'bot-c', '活动结束')
    // bot-a was first seen three days ago: its warm-up cap is 10 + 3 × 5.
    await sql`update bot_accounts set first_seen_at = ${new Date(now.getTime() - 3 * 86_400_000 - 60_000)} where name = 'bot-a'`.execute(handle.db)
  })
  afterAll(async () => {
    await app.close()
    await handle.close()
  })

  const page = async (): Promise<string> => {
    const response = await app.inject({ method: 'GET', url: '/console/platforms' })
    expect(response.statusCode).toBe(200)
    return response.body
  }
  const rowOf = (body: string, first: string): string => new RegExp(`<tr><td>${first}</td>.*?</tr>`).exec(body)?.[0] ?? ''

  it("shows each platform's cursor, lag, last error and stopped state; only a stopped one has a resume form with the CSRF field", async () => {
    const body = await page()
    const taobao = rowOf(body, '淘宝')
    expect(taobao).toContain('<span class="badge ok">正常</span>')
    expect(taobao).toContain('<td>5分钟</td>')
    expect(taobao).toContain('<td class="num">3</td>')
    expect(taobao).not.toContain('<form')
    const jd = rowOf(body, '京东')
    expect(jd).toContain('<span class="badge bad">已停止</span>')
    expect(jd).toContain('<td>4小时</td>')
    expect(jd).toContain(`京东 403 权限不足 ${HOSTILE_ESCAPED}`)
    expect(jd).toContain(`<form method="post" action="/console/platforms/jd/resume" class="inline"><input type="hidden" name="_csrf" value="${TEST_OPERATOR.csrfToken}"/>`)
    const pdd = rowOf(body, '拼多多')
    expect(pdd).toContain('<span class="badge warn">未同步过</span>')
    expect(body.match(/\/resume" class="inline">/g)?.length).toBe(1 + 2)
  })

  it('shows each account with state, backlog, pushes today against its warm-up cap, and a pause or resume form with a reason', async () => {
    const body = await page()
    const a = rowOf(body, 'bot-a')
    expect(a).toContain('<span class="badge ok">在线</span>')
    expect(a).toContain('<td class="num">12</td><td class="num">7/25</td><td class="num">30</td><td class="num">4</td>')
    expect(a).toContain('action="/console/accounts/bot-a/pause"')
    expect(a).toContain(`<input type="hidden" name="_csrf" value="${TEST_OPERATOR.csrfToken}"/><input type="text" name="reason"`)
    // Pausing needs a reason; resuming takes one if given.
    expect(a).toMatch(/name="reason"[^>]*required/)
    const b = rowOf(body, 'bot-b')
    expect(b).toContain('<span class="badge warn">受限</span>')
    // Counts of an earlier day read as none.
    expect(b).toContain('<td class="num">0/10</td>')
    expect(b).toContain(HOSTILE_ESCAPED)
    expect(b).toContain('action="/console/accounts/bot-b/resume"')
    expect(b).not.toMatch(/name="reason"[^>]*required/)
    const c = rowOf(body, 'bot-c')
    expect(c).toContain('<span class="badge warn">推送已暂停</span>')
    expect(c).toContain('暂停原因：活动结束')
    expect(c).toContain('action="/console/accounts/bot-c/resume"')
    expect(body).not.toContain(HOSTILE_NAME)
    expect(body).not.toMatch(INLINE_SCRIPT)
  })
})
