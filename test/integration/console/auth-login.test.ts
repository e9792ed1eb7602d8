import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAudit } from '../../../src/audit/audit.repository.js'
import { chatDeps, type ChatDeps } from '../../../src/chat/chat-deps.js'
import { handleChat } from '../../../src/chat/chat.service.js'
import { CHATTER_HINT } from '../../../src/chat/help.text.js'
import { loadConfig } from '../../../src/config.js'
import { hashToken } from '../../../src/console/console-session.service.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { createPlatforms } from '../../../src/platforms/create-platforms.js'
import { createSignedState } from '../../../src/security/signed-state.service.js'
import { ensureUser } from '../../../src/users/user.service.js'
import { CONSOLE_COOKIE } from '../../../web/console/console-guard.js'
import { consoleDashboardRoutes } from '../../../web/console/dashboard.routes.js'
import { consoleTestApp, form } from '../../support/console-session.js'
import { openTestDatabase, preferredBackend } from '../../support/test-databases.js'

const PUBLIC_BASE = 'http://bot.test'

describe('console login: 后台 in chat → one-time link → GET shows the button → POST logs in', () => {
  let handle: DatabaseHandle
  let chat: ChatDeps
  let app: FastifyInstance
  const operatorId = `op-${randomUUID()}`
  const strangerId = `wx-${randomUUID()}`

  beforeAll(async () => {
    handle = await openTestDatabase(preferredBackend())
    const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:1', PUBLIC_BASE_URL: PUBLIC_BASE, OPERATOR_IDS: operatorId })
    chat = chatDeps(config, { db: handle.db, platforms: createPlatforms(config), push: async () => {}, queuePictures: async () => {}, validateCron: () => true })
    app = await consoleTestApp(handle.db, { operators: [operatorId], sections: [consoleDashboardRoutes({ db: handle.db, timeZone: 'Asia/Shanghai' })] })
  })
  afterAll(async () => {
    await app.close()
    await handle.close()
  })

  const userIdOf = async (contactId: string): Promise<string> => (await ensureUser(handle.db, { contactId, displayName: '某人' })).id
  const sessionsOf = async (userId: string) => handle.db.selectFrom('console_sessions').selectAll().where('user_id', '=', userId).execute()
  const auditOf = async (userId: string) =>
    (await listAudit(handle.db, { limit: 100 })).filter((row) => row.actorUserId === userId).map((row) => row.action)

  /** 后台 from the operator's direct chat → the token of the link it answers with. */
  async function chatLink(): Promise<string> {
    const reply = await handleChat(chat, { contactId: operatorId, displayName: '老板', text: '后台' })
    const url = /(http:\/\/bot\.test\/console\/login\?token=\S+)/.exec(reply ?? '')?.[1]
    expect(url, reply).toBeDefined()
    expect(reply).toContain('10分钟内有效')
    return new URL(url as string).searchParams.get('token') as string
  }

  const loginPage = (token: string) => app.inject({ method: 'GET', url: `/console/login?token=${encodeURIComponent(token)}` })
  const pressLogin = (token: string, headers: Record<string, string> = {}) => {
    const body = form({ token })
    return app.inject({ method: 'POST', url: '/console/login', headers: { ...body.headers, ...headers }, payload: body.payload })
  }

  it('logs the operator in: GET uses nothing up, POST sets the cookie, records login and lands on /console', async () => {
    const token = await chatLink()
    const userId = await userIdOf(operatorId)
    // A chat app's link preview and the operator's own visit: both see the button, neither uses the link.
    for (let i = 0; i < 2; i++) {
      const page = await loginPage(token)
      expect(page.statusCode).toBe(200)
      expect(page.headers['cache-control']).toBe('no-store')
      expect(page.body).toContain('进入后台')
      expect(page.body).toContain('<form method="post" action="/console/login">')
    }
    expect(await sessionsOf(userId)).toHaveLength(0)

    const login = await pressLogin(token, { 'user-agent': 'test-browser' })
    expect(login.statusCode).toBe(303)
    expect(login.headers.location).toBe('/console')
    const cookie = login.cookies.find((c) => c.name === CONSOLE_COOKIE)
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/console' })
    expect(cookie?.secure).toBeUndefined()
    expect(cookie?.maxAge).toBeUndefined()

    const [session] = await sessionsOf(userId)
    // Only the token's hash is stored.
    expect(session).toMatchObject({ token_hash: hashToken(cookie?.value ?? ''), contact_id: operatorId, user_agent: 'test-browser', ended_at: null })
    expect(JSON.stringify(session)).not.toContain(cookie?.value)
    expect(await auditOf(userId)).toEqual(['login'])

    const home = await app.inject({ method: 'GET', url: '/console', headers: { cookie: `${CONSOLE_COOKIE}=${cookie?.value}` } })
    expect(home.statusCode).toBe(200)
    expect(home.body).toContain('某人')
    expect(home.body).toContain(`name="_csrf" value="${session?.csrf_token}"`)

    // The link worked once.
    const again = await pressLogin(token)
    expect(again.statusCode).toBe(400)
    expect(again.body).toContain('登录链接已用过')
    expect(again.cookies.find((c) => c.name === CONSOLE_COOKIE)).toBeUndefined()
    expect((await loginPage(token)).body).toContain('登录链接已用过')
    expect(await sessionsOf(userId)).toHaveLength(1)
  })

  it('a double-submitted login opens one session; the second press in the same browser goes to the console', async () => {
    const token = await chatLink()
    const userId = await userIdOf(operatorId)
    const before = (await sessionsOf(userId)).length
    const [a, b] = await Promise.all([pressLogin(token), pressLogin(token)])
    expect([a.statusCode, b.statusCode].sort()).toEqual([303, 400])
    expect(await sessionsOf(userId)).toHaveLength(before + 1)
    const winner = a.statusCode === 303 ? a : b
    const cookie = winner.cookies.find((c) => c.name === CONSOLE_COOKIE)?.value
    // The browser that already holds the first press's cookie is simply sent in.
    const third = await pressLogin(token, { cookie: `${CONSOLE_COOKIE}=${cookie}` })
    expect(third.statusCode).toBe(303)
    expect(third.headers.location).toBe('/console')
    expect(await sessionsOf(userId)).toHaveLength(before + 1)
  })

  it('Secure is set on the cookie when the console is reached over HTTPS', async () => {
    const secureApp = await consoleTestApp(handle.db, { operators: [operatorId], secureCookie: true })
    try {
      const token = await chatLink()
      const login = await secureApp.inject({ method: 'POST', url: '/console/login', ...form({ token }) })
      expect(login.statusCode).toBe(303)
      expect(login.cookies.find((c) => c.name === CONSOLE_COOKIE)).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/console' })
    } finally {
      await secureApp.close()
    }
  })

  it('anyone else sending 后台 gets what unknown text gets, and no link is made', async () => {
    const states = async () => Number((await handle.db.selectFrom('signed_states').select((eb) => eb.fn.countAll().as('n')).where('purpose', '=', 'console-login').executeTakeFirstOrThrow()).n)
    const before = await states()
    expect(await handleChat(chat, { contactId: strangerId, displayName: '路人', text: '后台' })).toBe(CHATTER_HINT)
    expect(await handleChat(chat, { contactId: strangerId, displayName: '路人', text: '管理后台' })).toBe(CHATTER_HINT)
    expect(await states()).toBe(before)
  })

  it('in a group: the operator is told to ask in private chat, anyone else gets silence', async () => {
    const room = { roomId: `room-${randomUUID()}`, roomTopic: '群' }
    const reply = await handleChat(chat, { contactId: operatorId, displayName: '老板', text: '后台', ...room })
    expect(reply).toContain('@老板')
    expect(reply).toContain('私聊')
    expect(reply).not.toContain('/console/login')
    expect(await handleChat(chat, { contactId: strangerId, displayName: '路人', text: '后台', ...room })).toBeUndefined()
  })

  it('a non-operator holding a login link gets a refusal and nothing else', async () => {
    const userId = await userIdOf(strangerId)
    const token = await createSignedState(handle.db, userId, 'console-login', 600_000)
    const page = await loginPage(token)
    expect(page.statusCode).toBe(403)
    expect(page.body).toContain('没有后台权限')
    expect(page.body).not.toContain('进入后台</button>')
    const login = await pressLogin(token)
    expect(login.statusCode).toBe(403)
    expect(login.cookies.find((c) => c.name === CONSOLE_COOKIE)).toBeUndefined()
    expect(await sessionsOf(userId)).toHaveLength(0)
    expect(await auditOf(userId)).toEqual([])
  })

  it('an operator removed from OPERATOR_IDS between the link and its use is refused at use', async () => {
    const token = await chatLink()
    const userId = await userIdOf(operatorId)
    const before = (await sessionsOf(userId)).length
    const removed = await consoleTestApp(handle.db, { operators: ['someone-else'] })
    try {
      const login = await removed.inject({ method: 'POST', url: '/console/login', ...form({ token }) })
      expect(login.statusCode).toBe(403)
      expect(login.cookies.find((c) => c.name === CONSOLE_COOKIE)).toBeUndefined()
    } finally {
      await removed.close()
    }
    expect(await sessionsOf(userId)).toHaveLength(before)
  })

  it('an expired link: a clear page, nothing changes', async () => {
    const userId = await userIdOf(operatorId)
    const before = (await sessionsOf(userId)).length
    const token = await createSignedState(handle.db, userId, 'console-login', 1)
    await new Promise((resolve) => setTimeout(resolve, 20))
    const page = await loginPage(token)
    expect(page.statusCode).toBe(400)
    expect(page.body).toContain('登录链接已过期')
    const login = await pressLogin(token)
    expect(login.statusCode).toBe(400)
    expect(login.body).toContain('登录链接已过期')
    expect(login.cookies.find((c) => c.name === CONSOLE_COOKIE)).toBeUndefined()
    expect(await sessionsOf(userId)).toHaveLength(before)
  })

  it.each([
    ['a tampered signature', async (token: string) => `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`],
    ['a made-up token', async () => 'not-a-token'],
    ['an empty token', async () => ''],
    ['a 绑定淘宝 state', async () => createSignedState(handle.db, await userIdOf(operatorId), 'taobao-bind', 600_000)],
  ] as const)('%s: 登录链接无效, nothing changes', async (_name, forge) => {
    const userId = await userIdOf(operatorId)
    const before = (await sessionsOf(userId)).length
    const token = await forge(await createSignedState(handle.db, userId, 'console-login', 600_000))
    const page = await loginPage(token)
    expect(page.statusCode).toBe(400)
    expect(page.body).toContain('登录链接无效')
    const login = await pressLogin(token)
    expect(login.statusCode).toBe(400)
    expect(login.body).toContain('登录链接无效')
    expect(login.body).not.toMatch(/at \w+ \(|Error:/)
    expect(await sessionsOf(userId)).toHaveLength(before)
  })

  it('a login POST without a token field is refused as an invalid link', async () => {
    const response = await app.inject({ method: 'POST', url: '/console/login', ...form({}) })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('登录链接无效')
  })
})
