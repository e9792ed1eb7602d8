import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAudit, recordAudit } from '../../../src/audit/audit.repository.js'
import { hashToken } from '../../../src/console/console-session.service.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { CONSOLE_COOKIE } from '../../../web/console/console-guard.js'
import { operatorOf } from '../../../web/console/console-operator.js'
import { consoleDashboardRoutes } from '../../../web/console/dashboard.routes.js'
import { consoleTestApp, form, logInOperator, type ConsoleLogin } from '../../support/console-session.js'
import { openTestDatabase, preferredBackend } from '../../support/test-databases.js'

/** A section as the other console plugins are: a page with data, an API read, and writes that count. */
function probeSection(state: { writes: number }): FastifyPluginAsync {
  return async (app) => {
    app.get('/console/assets/probe.js', async (_request, reply) => reply.type('text/javascript').send('void 0'))
    app.get('/console/probe', async (request) => `secret page for ${operatorOf(request).displayName}`)
    app.get('/console/api/probe', async (request) => ({ secret: 42, operator: operatorOf(request).contactId }))
    app.post('/console/probe', async () => {
      state.writes++
      return 'written'
    })
    app.post('/console/api/probe', async () => {
      state.writes++
      return { ok: true }
    })
    app.delete('/console/api/probe', async () => {
      state.writes++
      return { ok: true }
    })
  }
}

describe('console guard: every console route needs a live session, every write its CSRF token', () => {
  let handle: DatabaseHandle
  let app: FastifyInstance
  const state = { writes: 0 }
  const operatorId = `op-${randomUUID()}`

  beforeAll(async () => {
    handle = await openTestDatabase(preferredBackend())
    app = await consoleTestApp(handle.db, { operators: [operatorId], sections: [consoleDashboardRoutes({ db: handle.db, timeZone: 'Asia/Shanghai' }), probeSection(state)] })
  })
  afterAll(async () => {
    await app.close()
    await handle.close()
  })

  const logIn = (name = '值班员') => logInOperator(app, handle.db, { contactId: operatorId, displayName: name })
  const sessionRow = (login: ConsoleLogin) =>
    handle.db
      .selectFrom('console_sessions')
      .selectAll()
      .where('token_hash', '=', hashToken(login.cookie.slice(CONSOLE_COOKIE.length + 1)))
      .executeTakeFirstOrThrow()
  const setLastSeen = (login: ConsoleLogin, minutesAgo: number) =>
    handle.db
      .updateTable('console_sessions')
      .set({ last_seen_at: sql<Date>`now() - ${minutesAgo}::float8 * interval '1 minute'` })
      .where('token_hash', '=', hashToken(login.cookie.slice(CONSOLE_COOKIE.length + 1)))
      .execute()

  describe('without a session', () => {
    it.each(['/console', '/console/probe', '/console/audit', '/console/queues'])('GET %s → 401 login page, no data', async (url) => {
      const response = await app.inject({ method: 'GET', url })
      expect(response.statusCode).toBe(401)
      expect(response.headers['content-type']).toContain('text/html')
      expect(response.headers['cache-control']).toBe('no-store')
      expect(response.body).toContain('请先登录后台')
      expect(response.body).toContain('「后台」')
      expect(response.body).not.toContain('secret')
      expect(response.body).not.toContain('审计日志')
    })

    it('an API read → 401 JSON, no data', async () => {
      const response = await app.inject({ method: 'GET', url: '/console/api/probe' })
      expect(response.statusCode).toBe(401)
      expect(response.json()).toEqual({ error: 'login required', reason: 'none' })
    })

    it('a write → 401 and the route never runs', async () => {
      const before = state.writes
      expect((await app.inject({ method: 'POST', url: '/console/probe', ...form({ _csrf: 'x' }) })).statusCode).toBe(401)
      expect((await app.inject({ method: 'POST', url: '/console/api/probe', payload: { a: 1 } })).statusCode).toBe(401)
      expect(state.writes).toBe(before)
    })

    it.each([
      ['a malformed cookie', `${CONSOLE_COOKIE}=<script>`],
      ['an unknown token', `${CONSOLE_COOKIE}=${'A'.repeat(43)}`],
    ])('%s → 401, and the cookie is dropped', async (_name, cookie) => {
      const response = await app.inject({ method: 'GET', url: '/console/probe', headers: { cookie } })
      expect(response.statusCode).toBe(401)
      expect(response.body).not.toContain('secret')
      const cleared = response.cookies.find((c) => c.name === CONSOLE_COOKIE)
      expect(cleared?.value).toBe('')
      expect(cleared?.path).toBe('/console')
    })

    it("a section's static files under /console/assets/ stay open; its other routes do not", async () => {
      expect((await app.inject({ method: 'GET', url: '/console/assets/probe.js' })).statusCode).toBe(200)
      for (const url of ['/console/assets/../probe', '/console/assets/%2e%2e/probe', '/console/assets/x/../../probe']) {
        const response = await app.inject({ method: 'GET', url })
        expect(response.statusCode, url).not.toBe(200)
        expect(response.body).not.toContain('secret')
      }
    })

    it('the login page and the stylesheet stay open', async () => {
      expect((await app.inject({ method: 'GET', url: '/console/login?token=x' })).statusCode).toBe(400)
      const css = await app.inject({ method: 'GET', url: '/console/assets/console.css' })
      expect(css.statusCode).toBe(200)
      expect(css.headers['content-type']).toBe('text/css; charset=utf-8')
      for (const selector of ['table.data', 'td.num', '.card', '.kpis', '.kpi', '.badge.ok', '.badge.warn', '.badge.bad', 'form.inline', 'form.filters', '.pager', '.flash.ok', '.flash.bad', '.muted', '.console-bar', '.console-main']) {
        expect(css.body, selector).toContain(selector)
      }
    })
  })

  describe('with a session', () => {
    it('sets request.operator for every section', async () => {
      const login = await logIn('小王')
      const page = await app.inject({ method: 'GET', url: '/console/probe', headers: { cookie: login.cookie } })
      expect(page.statusCode).toBe(200)
      expect(page.body).toBe('secret page for 小王')
      expect(page.headers['cache-control']).toBe('no-store')
      const api = await app.inject({ method: 'GET', url: '/console/api/probe', headers: { cookie: login.cookie } })
      expect(api.json()).toEqual({ secret: 42, operator: operatorId })
    })

    it('a write without the CSRF token, or with a wrong one, is refused with 403 and changes nothing', async () => {
      const login = await logIn()
      const other = await logIn()
      const before = state.writes
      const refused = [
        await app.inject({ method: 'POST', url: '/console/probe', headers: { cookie: login.cookie, ...form({}).headers }, payload: form({ note: 'x' }).payload }),
        await app.inject({ method: 'POST', url: '/console/probe', headers: { cookie: login.cookie, ...form({}).headers }, payload: form({ _csrf: 'wrong' }).payload }),
        // Another session's token is as wrong as any other.
        await app.inject({ method: 'POST', url: '/console/probe', headers: { cookie: login.cookie, ...form({}).headers }, payload: form({ _csrf: other.csrfToken }).payload }),
        await app.inject({ method: 'POST', url: '/console/probe', headers: { cookie: login.cookie, ...form({}).headers }, payload: `_csrf=${login.csrfToken}&_csrf=${login.csrfToken}` }),
      ]
      for (const response of refused) {
        expect(response.statusCode).toBe(403)
        expect(response.body).toContain('没有做任何改动')
      }
      const api = [
        await app.inject({ method: 'POST', url: '/console/api/probe', headers: { cookie: login.cookie }, payload: { a: 1 } }),
        await app.inject({ method: 'POST', url: '/console/api/probe', headers: { cookie: login.cookie, 'x-csrf-token': `${login.csrfToken}x` }, payload: { a: 1 } }),
        await app.inject({ method: 'DELETE', url: '/console/api/probe', headers: { cookie: login.cookie } }),
      ]
      for (const response of api) {
        expect(response.statusCode).toBe(403)
        expect(response.json()).toEqual({ error: 'invalid csrf token' })
      }
      expect(state.writes).toBe(before)
    })

    it('a write with the session token as form field or header goes through', async () => {
      const login = await logIn()
      const before = state.writes
      const viaForm = await app.inject({ method: 'POST', url: '/console/probe', headers: { cookie: login.cookie, ...form({}).headers }, payload: form({ _csrf: login.csrfToken }).payload })
      expect(viaForm.statusCode).toBe(200)
      const viaHeader = await app.inject({ method: 'POST', url: '/console/api/probe', headers: { cookie: login.cookie, 'x-csrf-token': login.csrfToken }, payload: { a: 1 } })
      expect(viaHeader.statusCode).toBe(200)
      const deleted = await app.inject({ method: 'DELETE', url: '/console/api/probe', headers: { cookie: login.cookie, 'x-csrf-token': login.csrfToken } })
      expect(deleted.statusCode).toBe(200)
      expect(state.writes).toBe(before + 3)
    })

    it('expires after CONSOLE_IDLE_MINUTES without a request, and stays ended', async () => {
      const login = await logIn()
      await setLastSeen(login, 29)
      expect((await app.inject({ method: 'GET', url: '/console/probe', headers: { cookie: login.cookie } })).statusCode).toBe(200)
      await setLastSeen(login, 31)
      const expired = await app.inject({ method: 'GET', url: '/console/probe', headers: { cookie: login.cookie } })
      expect(expired.statusCode).toBe(401)
      expect(expired.body).toContain('登录已过期')
      expect(expired.body).not.toContain('secret')
      expect((await sessionRow(login)).ended_at).toBeInstanceOf(Date)
      await setLastSeen(login, 0)
      const after = await app.inject({ method: 'GET', url: '/console/api/probe', headers: { cookie: login.cookie } })
      expect(after.statusCode).toBe(401)
      expect(after.json()).toEqual({ error: 'login required', reason: 'ended' })
    })

    it('a shorter idle limit is honoured', async () => {
      const short = await consoleTestApp(handle.db, { operators: [operatorId], idleMs: 5 * 60_000, sections: [probeSection(state)] })
      try {
        const login = await logInOperator(short, handle.db, { contactId: operatorId })
        await setLastSeen(login, 6)
        expect((await short.inject({ method: 'GET', url: '/console/probe', headers: { cookie: login.cookie } })).statusCode).toBe(401)
      } finally {
        await short.close()
      }
    })

    it('writes last_seen_at at most once a minute', async () => {
      const login = await logIn()
      await setLastSeen(login, 0.5)
      const halfMinute = (await sessionRow(login)).last_seen_at
      await app.inject({ method: 'GET', url: '/console/probe', headers: { cookie: login.cookie } })
      expect((await sessionRow(login)).last_seen_at).toEqual(halfMinute)
      await setLastSeen(login, 2)
      const twoMinutes = (await sessionRow(login)).last_seen_at
      await app.inject({ method: 'GET', url: '/console/probe', headers: { cookie: login.cookie } })
      const touched = (await sessionRow(login)).last_seen_at
      expect(touched.getTime()).toBeGreaterThan(twoMinutes.getTime() + 60_000)
    })

    it('an operator removed from OPERATOR_IDS is out at the next request, for good', async () => {
      const login = await logIn()
      const removed = await consoleTestApp(handle.db, { operators: ['someone-else'], sections: [probeSection(state)] })
      try {
        const response = await removed.inject({ method: 'GET', url: '/console/probe', headers: { cookie: login.cookie } })
        expect(response.statusCode).toBe(401)
        expect(response.body).toContain('没有后台权限')
        expect(response.body).not.toContain('secret')
      } finally {
        await removed.close()
      }
      // Put back in the list, the old session does not come back.
      expect((await app.inject({ method: 'GET', url: '/console/probe', headers: { cookie: login.cookie } })).statusCode).toBe(401)
    })

    it('logout needs the CSRF token, ends the session, drops the cookie and records it', async () => {
      const login = await logIn()
      const refused = await app.inject({ method: 'POST', url: '/console/logout', headers: { cookie: login.cookie, ...form({}).headers }, payload: '' })
      expect(refused.statusCode).toBe(403)
      expect((await sessionRow(login)).ended_at).toBeNull()

      const out = await app.inject({ method: 'POST', url: '/console/logout', headers: { cookie: login.cookie, ...form({}).headers }, payload: form({ _csrf: login.csrfToken }).payload })
      expect(out.statusCode).toBe(200)
      expect(out.body).toContain('已退出后台')
      expect(out.body).toContain('「后台」')
      const cleared = out.cookies.find((c) => c.name === CONSOLE_COOKIE)
      expect(cleared).toMatchObject({ value: '', path: '/console' })
      expect((cleared?.expires as Date).getTime()).toBeLessThan(Date.now())
      expect((await sessionRow(login)).ended_at).toBeInstanceOf(Date)
      const audit = (await listAudit(handle.db, { limit: 20 })).filter((row) => row.actorUserId === login.userId)
      expect(audit[0]).toMatchObject({ action: 'logout', actorContactId: operatorId, targetKind: 'console-session' })

      const after = await app.inject({ method: 'GET', url: '/console', headers: { cookie: login.cookie } })
      expect(after.statusCode).toBe(401)
      expect(after.body).toContain('请重新登录')
    })
  })

  describe('audit page', () => {
    it('shows who did what to what, before → after and why, newest first in Asia/Shanghai time, paged', async () => {
      const login = await logIn('审计员')
      const target = { kind: 'withdrawal', id: `w${Date.now()}` }
      await recordAudit(handle.db, {
        actor: { userId: login.userId, contactId: operatorId },
        action: 'reject-withdrawal',
        target,
        before: { status: 'pending' },
        after: { status: 'rejected' },
        reason: '<b>信息不符</b>',
      })
      const [newest] = await listAudit(handle.db, { limit: 1 })
      const page = await app.inject({ method: 'GET', url: '/console/audit', headers: { cookie: login.cookie } })
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('拒绝提现')
      expect(page.body).toContain(`提现 ${target.id}`)
      expect(page.body).toContain('status: pending → rejected')
      expect(page.body).toContain('&lt;b>信息不符&lt;/b>')
      expect(page.body).toContain('审计员')
      const shanghai = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' }).format(newest?.at)
      expect(page.body).toContain(shanghai)
      expect(page.body.indexOf('拒绝提现')).toBeLessThan(page.body.indexOf('登录后台'))

      const small = await consoleTestApp(handle.db, { operators: [operatorId], pageSize: 2 })
      try {
        const smallLogin = await logInOperator(small, handle.db, { contactId: operatorId })
        const first = await small.inject({ method: 'GET', url: '/console/audit', headers: { cookie: smallLogin.cookie } })
        const older = /href="\/console\/audit\?before=(\d+)"/.exec(first.body)?.[1]
        expect(older).toBeDefined()
        const ids = (body: string) => [...body.matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]))
        expect(ids(first.body)).toHaveLength(2)
        const second = await small.inject({ method: 'GET', url: `/console/audit?before=${older}`, headers: { cookie: smallLogin.cookie } })
        expect(second.statusCode).toBe(200)
        expect(ids(second.body).every((id) => id < Math.min(...ids(first.body)))).toBe(true)
        expect(second.body).toContain('href="/console/audit">最新')
      } finally {
        await small.close()
      }
    })

    it.each(['abc', '-1', '0', '1e5', '99999999999999999999'])('before=%s → 400 with a message, no stack', async (before) => {
      const login = await logIn()
      const page = await app.inject({ method: 'GET', url: `/console/audit?before=${encodeURIComponent(before)}`, headers: { cookie: login.cookie } })
      expect(page.statusCode).toBe(400)
      expect(page.body).toContain('页码参数不对')
      expect(page.body).not.toMatch(/ZodError|at \w+ \(/)
    })
  })

  it('without Redis, /console/queues says so', async () => {
    const login = await logIn()
    const page = await app.inject({ method: 'GET', url: '/console/queues', headers: { cookie: login.cookie } })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('没有连上 Redis')
  })
})
