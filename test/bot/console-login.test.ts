import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHATTER_HINT } from '../../src/chat/help.text.js'
import { consoleDashboardRoutes } from '../../web/console/dashboard.routes.js'
import { startBotFixture, type BotFixture } from '../support/bot-fixture.js'
import { consoleTestApp, form } from '../support/console-session.js'

const OPERATOR = 'mock-console-operator'

let f: BotFixture
let operator: ReturnType<BotFixture['bot']['contact']>
beforeAll(async () => {
  f = await startBotFixture({ OPERATOR_IDS: OPERATOR, PUBLIC_BASE_URL: 'https://bot.example' })
  // A fixed contact id, so that OPERATOR_IDS can name it.
  operator = f.bot.mocker.createContact({ id: OPERATOR, name: '店长' })
})
afterAll(async () => {
  await f.close()
})

describe('后台 over the Wechaty pipeline', () => {
  it('an operator gets a one-time link that logs them in to the console', async () => {
    const [reply, ...more] = await f.bot.say(operator, '后台')
    expect(more).toEqual([])
    expect(reply?.conversationId).toBe(OPERATOR)
    const url = /(https:\/\/bot\.example\/console\/login\?token=\S+)/.exec(reply?.text ?? '')?.[1]
    expect(url, reply?.text).toBeDefined()

    const app = await consoleTestApp(f.database.db, { operators: [OPERATOR], secureCookie: true, sections: [consoleDashboardRoutes({ db: f.database.db, timeZone: 'Asia/Shanghai' })] })
    try {
      const token = new URL(url as string).searchParams.get('token') as string
      const login = await app.inject({ method: 'POST', url: '/console/login', ...form({ token }) })
      expect(login.statusCode).toBe(303)
      const cookie = login.cookies.find((c) => c.name === 'rb_console')
      expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' })
      const home = await app.inject({ method: 'GET', url: '/console', headers: { cookie: `rb_console=${cookie?.value}` } })
      expect(home.statusCode).toBe(200)
      expect(home.body).toContain('店长')
    } finally {
      await app.close()
    }
  })

  it('anyone else gets the answer unknown text gets; in a group the operator is sent to private chat', async () => {
    const [stranger] = await f.bot.say(f.bot.contact('路人'), '后台')
    expect(stranger?.text).toBe(CHATTER_HINT)
    const room = f.bot.room('店长的群', operator)
    const [inGroup] = await f.bot.say(operator, '管理后台', room)
    expect(inGroup?.conversationId).toBe(room.id)
    expect(inGroup?.text).toContain('私聊')
    expect(inGroup?.text).not.toContain('/console/login')
  })
})
