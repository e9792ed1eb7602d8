import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chatDeps, type ChatDeps } from '../../../src/chat/chat-deps.js'
import { handleChat } from '../../../src/chat/chat.service.js'
import { loadConfig } from '../../../src/config.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import type { CreditDeps } from '../../../src/orders/credit-order.service.js'
import { createPlatforms } from '../../../src/platforms/create-platforms.js'
import type { TaobaoPlatform } from '../../../src/platforms/taobao/taobao.platform.js'
import { createSignedState } from '../../../src/security/signed-state.service.js'
import { simItem } from '../../../src/simulator/catalog.js'
import { startSimulator, type RunningSimulator } from '../../../src/simulator/simulator-server.js'
import { taobaoBindingDeps } from '../../../src/users/taobao-binding-deps.js'
import { TAOBAO_BOUND_NOTICE } from '../../../src/users/taobao-binding.text.js'
import { createWebServer } from '../../../web/web-server.js'
import { taobaoBindingRoutes } from '../../../web/taobao-binding.routes.js'
import { newUser, recordedNotices, syncAndCredit } from '../../support/order-factory.js'
import { openPrivateDatabase, preferredBackend } from '../../support/test-databases.js'

const PUBLIC_BASE = 'http://bot.test'

/** Turns `&amp;`/`&#NN;` in an attribute back into text. */
function unescapeHtml(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
}

/** The path and query of one of our pages' URLs, for inject. */
function localPath(url: string): string {
  const parsed = new URL(url)
  expect(parsed.origin).toBe(PUBLIC_BASE)
  return parsed.pathname + parsed.search
}

describe('绑定淘宝 end to end: chat → our page → the simulated Taobao OAuth over HTTP → callback → orders', () => {
  let handle: DatabaseHandle
  let sim: RunningSimulator
  let chat: ChatDeps
  let taobao: TaobaoPlatform
  let web: FastifyInstance
  let credit: CreditDeps

  beforeAll(async () => {
    handle = await openPrivateDatabase(preferredBackend())
    sim = await startSimulator({ port: 0 })
    // Raw promo links in replies (LANDING_PAGES=off): the test reads which relation_id the Taobao link carries.
    const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:1', PUBLIC_BASE_URL: PUBLIC_BASE, LANDING_PAGES: 'off' })
    const platforms = createPlatforms(config, sim)
    taobao = platforms.taobao
    chat = chatDeps(config, { db: handle.db, platforms, push: async () => {}, queuePictures: async () => {}, validateCron: () => true })
    web = await createWebServer({ plugins: [taobaoBindingRoutes(taobaoBindingDeps(config, { db: handle.db, taobao, simulator: sim }))] })
    credit = { db: handle.db, userShareBp: 6000, referralL1Bp: 1000, referralL2Bp: 500, attributionWindowMs: 3_600_000 }
  })
  afterAll(async () => {
    await web.close()
    await sim.close()
    await handle.close()
  })

  const relationOf = async (userId: string): Promise<string | null> =>
    (await handle.db.selectFrom('users').select('taobao_relation_id').where('id', '=', userId).executeTakeFirstOrThrow()).taobao_relation_id

  /** 绑定淘宝 in the chat → the link it answers with. */
  async function bindLink(contactId: string): Promise<string> {
    const reply = await handleChat(chat, { contactId, displayName: '小淘', text: '绑定淘宝' })
    const url = /(http:\/\/bot\.test\/taobao\/bind\?state=\S+)/.exec(reply ?? '')?.[1]
    expect(url, reply).toBeDefined()
    return url as string
  }

  /** Our explanation page → its button's target (the simulator's authorize page). */
  async function authorizeUrlFrom(link: string): Promise<string> {
    const page = await web.inject({ method: 'GET', url: localPath(link) })
    expect(page.statusCode).toBe(200)
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.body).toContain('去淘宝授权')
    const href = /<a class="btn" href="([^"]+)"/.exec(page.body)?.[1]
    expect(href).toBeDefined()
    return unescapeHtml(href as string)
  }

  /** The shopper agrees on the simulated Taobao page as `nick`: real HTTP; returns where Taobao sends them back. */
  async function agreeOnTaobao(authorizeUrl: string, nick: string): Promise<string> {
    expect(authorizeUrl.startsWith(`${sim.url}/oauth/authorize?`)).toBe(true)
    const consent = await fetch(authorizeUrl)
    expect(consent.status).toBe(200)
    const html = await consent.text()
    expect(html).toContain('模拟淘宝授权')
    expect(html).toContain('同意授权')
    const action = /<form method="get" action="([^"]+)"/.exec(html)?.[1] ?? ''
    const fields = new URLSearchParams()
    for (const [, name = '', value = ''] of html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)) fields.set(name, unescapeHtml(value))
    fields.set('nick', nick)
    const agreed = await fetch(`${sim.url}${action}?${fields.toString()}`, { redirect: 'manual' })
    expect(agreed.status).toBe(302)
    return agreed.headers.get('location') ?? ''
  }

  async function callback(url: string) {
    return web.inject({ method: 'GET', url: localPath(url) })
  }

  it('binds the relation_id, tells the user in chat, and their Taobao links and orders carry it', async () => {
    const user = await newUser(handle.db, '小淘')
    const link = await bindLink(user.contact_id)
    expect(await relationOf(user.id)).toBeNull()

    const back = await agreeOnTaobao(await authorizeUrlFrom(link), 'tb_flow_buyer')
    expect(back.startsWith(`${PUBLIC_BASE}/taobao/callback?`)).toBe(true)
    expect(new URL(back).searchParams.get('state')).toBe(new URL(link).searchParams.get('state'))
    const done = await callback(back)
    expect(done.statusCode).toBe(200)
    expect(done.body).toContain('授权成功，可以回到微信了')

    const relationId = await relationOf(user.id)
    expect(relationId).toMatch(/^\d{10}$/)
    const notices = (await recordedNotices(handle.db)).filter((n) => n.contactId === user.contact_id)
    expect(notices).toEqual([{ contactId: user.contact_id, text: TAOBAO_BOUND_NOTICE, dedupeKey: `taobao-bound_${user.id}` }])

    // Asked again in the chat: already bound, no new link.
    expect(await handleChat(chat, { contactId: user.contact_id, displayName: '小淘', text: '绑定淘宝' })).toContain('已经绑定过淘宝')

    // A Taobao link for this user is converted with relation_id (the simulator refuses relation_id without biz_scene_id=2).
    let key = 610_000
    while (!simItem('taobao', String(key)).inProgram) key++
    const reply = await handleChat(chat, { contactId: user.contact_id, displayName: '小淘', text: `https://item.taobao.com/item.htm?id=${key}` })
    expect(reply).toContain('s.click.taobao.com')
    const promos = sim.state.issuedPromos().filter((promo) => promo.platform === 'taobao' && promo.relationId !== undefined)
    expect(promos.map((promo) => promo.relationId)).toEqual([relationId])

    // An order through a relation_id link attributes to the user on the first rung.
    const order = sim.state.orders.buy({ platform: 'taobao', itemKey: String(key), relationId: relationId ?? undefined })
    await syncAndCredit(handle.db, taobao, credit)
    const stored = await handle.db.selectFrom('orders').selectAll().where('sub_order_id', '=', order.subOrderId).executeTakeFirstOrThrow()
    expect(stored).toMatchObject({ relation_id: relationId, user_id: user.id, attribution: 'platform_id' })

    // The same callback again (a replay, or the back button): a clear page, nothing changes.
    const replay = await callback(back)
    expect(replay.statusCode).toBe(400)
    expect(replay.body).toContain('链接已用过')
    expect(await relationOf(user.id)).toBe(relationId)
    // Besides the order's own notice, still the one binding notice.
    expect((await recordedNotices(handle.db)).filter((n) => n.dedupeKey.startsWith('taobao-bound'))).toHaveLength(1)
  })

  it('refuses an expired state on the page and at the callback, and changes nothing', async () => {
    const user = await newUser(handle.db, '过期')
    const live = await bindLink(user.contact_id)
    const back = await agreeOnTaobao(await authorizeUrlFrom(live), 'tb_expired_buyer')
    const code = new URL(back).searchParams.get('code') ?? ''
    const expired = await createSignedState(handle.db, user.id, 'taobao-bind', -1000)
    const page = await web.inject({ method: 'GET', url: `/taobao/bind?state=${encodeURIComponent(expired)}` })
    expect(page.statusCode).toBe(400)
    expect(page.body).toContain('链接已过期')
    const answer = await web.inject({ method: 'GET', url: `/taobao/callback?code=${code}&state=${encodeURIComponent(expired)}` })
    expect(answer.statusCode).toBe(400)
    expect(answer.body).toContain('链接已过期')
    expect(await relationOf(user.id)).toBeNull()
    expect((await recordedNotices(handle.db)).filter((n) => n.contactId === user.contact_id)).toHaveLength(0)
    // The code was not spent on the refused state: the live one still binds.
    expect((await callback(back)).statusCode).toBe(200)
    expect(await relationOf(user.id)).not.toBeNull()
  })

  it('refuses forged and missing states and a missing code with a clear page', async () => {
    const user = await newUser(handle.db, '伪造')
    const link = await bindLink(user.contact_id)
    const state = new URL(link).searchParams.get('state') ?? ''
    const forged = `${state.slice(0, -2)}xx`
    for (const url of [`/taobao/bind?state=${encodeURIComponent(forged)}`, '/taobao/bind', '/taobao/bind?state=a&state=b', `/taobao/callback?code=abc&state=${encodeURIComponent(forged)}`]) {
      const response = await web.inject({ method: 'GET', url })
      expect(response.statusCode, url).toBe(400)
      expect(response.body, url).toContain('链接无效')
      expect(response.body, url).not.toMatch(/Error|at \//)
    }
    const noCode = await web.inject({ method: 'GET', url: `/taobao/callback?state=${encodeURIComponent(state)}` })
    expect(noCode.statusCode).toBe(400)
    expect(noCode.body).toContain('授权没有完成')
    expect(await relationOf(user.id)).toBeNull()
    // None of these used the state up.
    expect((await web.inject({ method: 'GET', url: localPath(link) })).statusCode).toBe(200)
  })

  it('a cancel on Taobao says so and leaves the state usable', async () => {
    const user = await newUser(handle.db, '取消')
    const authorize = new URL(await authorizeUrlFrom(await bindLink(user.contact_id)))
    const deny = await fetch(`${sim.url}/oauth/authorize/deny?${authorize.searchParams.toString()}`, { redirect: 'manual' })
    expect(deny.status).toBe(302)
    const back = deny.headers.get('location') ?? ''
    expect(new URL(back).searchParams.get('error')).toBe('access_denied')
    const page = await callback(back)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('你取消了授权')
    expect(await relationOf(user.id)).toBeNull()
    expect((await callback(await agreeOnTaobao(authorize.toString(), 'tb_cancel_then_agree'))).body).toContain('授权成功')
  })

  it("refuses a Taobao account already bound to another user, and changes nothing", async () => {
    const first = await newUser(handle.db, '先来')
    const second = await newUser(handle.db, '后到')
    await callback(await agreeOnTaobao(await authorizeUrlFrom(await bindLink(first.contact_id)), 'tb_shared_account'))
    const relation = await relationOf(first.id)
    expect(relation).not.toBeNull()
    const page = await callback(await agreeOnTaobao(await authorizeUrlFrom(await bindLink(second.contact_id)), 'tb_shared_account'))
    expect(page.statusCode).toBe(409)
    expect(page.body).toContain('已经绑定了另一个微信用户')
    expect(await relationOf(second.id)).toBeNull()
    expect(await relationOf(first.id)).toBe(relation)
    expect((await recordedNotices(handle.db)).filter((n) => n.contactId === second.contact_id)).toHaveLength(0)
  })

  it('a Taobao outage during the callback gets a clear page and changes nothing', async () => {
    const user = await newUser(handle.db, '故障')
    const back = await agreeOnTaobao(await authorizeUrlFrom(await bindLink(user.contact_id)), 'tb_outage_buyer')
    sim.state.injectFault('taobao', 'unavailable', 10)
    try {
      const page = await callback(back)
      expect(page.statusCode).toBe(503)
      expect(page.body).toContain('暂时无法绑定')
    } finally {
      sim.state.clearFaults()
    }
    expect(await relationOf(user.id)).toBeNull()
    expect((await recordedNotices(handle.db)).filter((n) => n.contactId === user.contact_id)).toHaveLength(0)
  })

  it('without an operator session the page says binding is unavailable and sends nobody to Taobao', async () => {
    const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:1', PUBLIC_BASE_URL: PUBLIC_BASE, TAOBAO_APP_KEY: '12345678', TAOBAO_APP_SECRET: 's', TAOBAO_ADZONE_ID: '1' })
    const offline = await createWebServer({ plugins: [taobaoBindingRoutes(taobaoBindingDeps(config, { db: handle.db, taobao }))] })
    try {
      const user = await newUser(handle.db, '未配置')
      const page = await offline.inject({ method: 'GET', url: localPath(await bindLink(user.contact_id)) })
      expect(page.statusCode).toBe(503)
      expect(page.body).toContain('暂时无法绑定')
      expect(page.body).not.toContain('oauth')
    } finally {
      await offline.close()
    }
  })

  it('answers 绑定淘宝 in a group with a pointer to direct chat, and no link', async () => {
    const reply = await handleChat(chat, { contactId: 'wx-group-member', displayName: '群友', roomId: 'room-1@chatroom', text: '绑定淘宝' })
    expect(reply).toContain('私聊')
    expect(reply).not.toContain('http')
  })
})
