import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { setLogSink } from '../../../src/shared/log.js'
import { landingRoutes } from '../../../web/landing/landing-routes.js'
import { createWebServer } from '../../../web/web-server.js'
import { openTestDatabase, preferredBackend } from '../../support/test-databases.js'
import { PROMO_URLS, RecordedClicks, seedLanding } from './seed-landing.js'

const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN'
const SAFARI_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'
const NOW = new Date('2026-12-06T08:00:00Z')

describe('landing routes', () => {
  let handle: DatabaseHandle
  let app: FastifyInstance
  const clicks = new RecordedClicks()
  let queries = 0

  beforeAll(async () => {
    setLogSink(() => undefined)
    handle = await openTestDatabase(preferredBackend())
    // Counts the statements the routes send, through the service's own handle.
    const db = handle.db.withPlugin({
      transformQuery: (args) => {
        queries++
        return args.node
      },
      transformResult: async (args) => args.result,
    })
    app = await createWebServer({ plugins: [landingRoutes({ db, clicks, now: () => NOW })] })
  })
  afterAll(async () => {
    await app.close()
    await handle.close()
  })
  beforeEach(() => {
    clicks.clicks.length = 0
  })

  const get = (url: string, userAgent = SAFARI_UA) => app.inject({ method: 'GET', url, headers: { 'user-agent': userAgent } })

  it.each([
    ['jd', '去京东领券购买'],
    ['pdd', '去拼多多领券购买'],
  ] as const)('a %s page shows the item, the prices, the rebate and opens the promo link directly (also in WeChat)', async (platform, button) => {
    const code = await seedLanding(handle.db, { platform })
    for (const ua of [SAFARI_UA, WECHAT_UA]) {
      const response = await get(`/s/${code}`, ua)
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
      const body = response.body
      expect(body).toContain('<img src="https://img.example.com/cup.jpg"')
      expect(body).toContain('测试商品 保温杯 500ml')
      expect(body).toContain('原价 ¥129.00 · 优惠券省 ¥30.00')
      expect(body).toMatch(/券后价 <span class="price">¥99\.00<\/span>/)
      expect(body).toContain('你的预计返利：<strong>¥11.88</strong>')
      expect(body).toContain(`href="${PROMO_URLS[platform]}"`)
      expect(body).toContain(button)
      expect(body).not.toContain('wechat-hint')
      expect(body).not.toContain('复制淘口令')
      expect(body).toContain('<script src="/assets/landing.js" defer>')
      expect(body).not.toMatch(/<script>|<script [^>]*>[^<]/)
    }
    expect(clicks.clicks.map((c) => [c.code, c.action, c.userAgent])).toEqual([
      [code, 'view', SAFARI_UA],
      [code, 'view', WECHAT_UA],
    ])
    expect(clicks.clicks[0]?.at).toEqual(NOW)
    expect(clicks.clicks[0]?.ip).toBe('127.0.0.1')
  })

  it('a Taobao page offers the 淘口令 with a copy button; in WeChat it says how to go on', async () => {
    const code = await seedLanding(handle.db, { platform: 'taobao' })
    const normal = (await get(`/s/${code}`)).body
    expect(normal).toMatch(/<input id="tpwd" class="code" type="text" readonly value="￥AbCd1234EfG￥\/ CZ0001"/)
    expect(normal).toContain('<button id="copy" class="btn" type="button">复制淘口令</button>')
    expect(normal).toContain(`href="${PROMO_URLS.taobao}"`)
    expect(normal).not.toContain('wechat-hint')
    const wechat = (await get(`/s/${code}`, WECHAT_UA)).body
    expect(wechat).toContain('id="wechat-hint"')
    expect(wechat).toContain('微信里打不开淘宝')
    expect(wechat).toContain('打开手机淘宝App')
    expect(wechat).toContain('在浏览器打开')
    expect(wechat).toContain('复制淘口令')
  })

  it('a push link shows no rebate line (it is the group owner’s link, not the visitor’s)', async () => {
    const code = await seedLanding(handle.db, { kind: 'push', platform: 'jd' })
    const body = (await get(`/s/${code}`)).body
    expect(body).toContain('券后价')
    expect(body).not.toContain('返利')
  })

  it('an expired coupon says so and still offers the plain promo link', async () => {
    const code = await seedLanding(handle.db, { platform: 'jd', couponEndAt: new Date(NOW.getTime() - 60_000) })
    const body = (await get(`/s/${code}`)).body
    expect(body).toContain('这张优惠券已过期')
    expect(body).not.toContain('优惠券省')
    expect(body).toContain(`href="${PROMO_URLS.jd}"`)
    expect(body).toContain('去京东购买')
    const current = await seedLanding(handle.db, { platform: 'jd', couponEndAt: new Date(NOW.getTime() + 60_000) })
    expect((await get(`/s/${current}`)).body).not.toContain('已过期')
  })

  it('escapes a hostile title and never links anywhere but an http(s) promo URL stored for the code', async () => {
    const code = await seedLanding(handle.db, { platform: 'jd', title: '<script>alert(1)</script>"><img src=x onerror=alert(2)>' })
    const body = (await get(`/s/${code}`)).body
    expect(body).toContain('&lt;script>alert(1)&lt;/script>')
    expect(body).not.toContain('<script>alert(1)')
    expect(body).not.toContain('<img src=x')
    const hostile = await seedLanding(handle.db, { platform: 'jd', promoUrl: 'javascript:alert(1)', imageUrl: 'http://img.example.com/x.jpg' })
    const page = (await get(`/s/${hostile}`)).body
    expect(page).not.toContain('javascript:')
    expect(page).not.toContain('<img')
    expect(page).toContain('链接暂时打不开')
    // Query strings and extra path segments do not move the link anywhere else.
    const redirect = await get(`/s/${code}?url=https://evil.example.com`)
    expect(redirect.statusCode).toBe(200)
    expect(redirect.body).not.toContain('evil.example.com')
  })

  it('an unknown code is the friendly 404 page; a malformed one too, without a query', async () => {
    const start = queries
    const unknown = await get('/s/AAAAAAAAAAAA')
    expect(queries).toBeGreaterThan(start)
    expect(unknown.statusCode).toBe(404)
    expect(unknown.body).toContain('页面不存在')
    const before = queries
    for (const url of ['/s/short', '/s/has-dash-in-it', `/s/${'A'.repeat(40)}`, '/s/%3Cscript%3E12345']) {
      const response = await get(url)
      expect(response.statusCode).toBe(404)
      expect(response.body).toContain('页面不存在')
      expect(response.body).not.toContain('<script>')
    }
    expect(queries).toBe(before)
    expect(clicks.clicks).toEqual([])
  })

  it('serves a page again from memory for a while: no second query, every view still recorded', async () => {
    const code = await seedLanding(handle.db, { platform: 'pdd' })
    const first = await get(`/s/${code}`)
    const before = queries
    const again = await get(`/s/${code}`)
    expect(queries).toBe(before)
    expect(again.body).toBe(first.body)
    // Inside WeChat the page differs (for Taobao): it is a separate entry, asked of the database once.
    await get(`/s/${code}`, WECHAT_UA)
    expect(queries).toBeGreaterThan(before)
    expect(clicks.clicks.map((c) => [c.code, c.action])).toEqual([
      [code, 'view'],
      [code, 'view'],
      [code, 'view'],
    ])
  })

  it('a visitor who keeps opening unknown codes gets 429 for a minute (hits do not count); others are not affected', async () => {
    const limited = await createWebServer({ plugins: [landingRoutes({ db: handle.db, clicks, now: () => NOW, missesPerMinute: 3 })] })
    try {
      const code = await seedLanding(handle.db, { platform: 'jd' })
      const from = (ip: string, url: string) => limited.inject({ method: 'GET', url, remoteAddress: ip, headers: { 'user-agent': SAFARI_UA } })
      for (let i = 0; i < 5; i++) expect((await from('198.51.100.1', `/s/${code}`)).statusCode).toBe(200)
      for (let i = 0; i < 3; i++) expect((await from('198.51.100.1', `/s/ZZZZZZZZZZZ${i}`)).statusCode).toBe(404)
      const blocked = await from('198.51.100.1', `/s/${code}`)
      expect(blocked.statusCode).toBe(429)
      expect(blocked.headers['retry-after']).toBe('60')
      expect(blocked.body).toContain('访问太频繁')
      expect((await from('198.51.100.2', `/s/${code}`)).statusCode).toBe(200)
    } finally {
      await limited.close()
    }
  })

  it('records copy and open presses (204); an unknown action is a friendly 400, an unknown code 404, and neither is recorded', async () => {
    const code = await seedLanding(handle.db, { platform: 'taobao' })
    for (const action of ['copy', 'open']) {
      const response = await app.inject({ method: 'POST', url: `/s/${code}/press?action=${action}`, headers: { 'user-agent': WECHAT_UA } })
      expect(response.statusCode).toBe(204)
      expect(response.body).toBe('')
    }
    expect(clicks.clicks.map((c) => [c.code, c.action, c.userAgent])).toEqual([
      [code, 'copy', WECHAT_UA],
      [code, 'open', WECHAT_UA],
    ])
    const bad = await app.inject({ method: 'POST', url: `/s/${code}/press?action=buy` })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('请求有误')
    const missing = await app.inject({ method: 'POST', url: `/s/${code}/press` })
    expect(missing.statusCode).toBe(400)
    const unknown = await app.inject({ method: 'POST', url: '/s/BBBBBBBBBBBB/press?action=copy' })
    expect(unknown.statusCode).toBe(404)
    const malformed = await app.inject({ method: 'POST', url: '/s/bad!/press?action=copy' })
    expect(malformed.statusCode).toBe(404)
    expect(clicks.clicks).toHaveLength(2)
  })

  it('serves the page script as JavaScript: clipboard with a select-and-copy fallback, presses by sendBeacon', async () => {
    const response = await get('/assets/landing.js')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(response.body).toContain('navigator.clipboard.writeText')
    expect(response.body).toContain("document.execCommand('copy')")
    expect(response.body).toContain('navigator.sendBeacon')
  })
})
