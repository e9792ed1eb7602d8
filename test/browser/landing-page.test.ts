import type { FastifyInstance } from 'fastify'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../src/db/create-db.js'
import { setLogSink } from '../../src/shared/log.js'
import { landingRoutes } from '../../web/landing/landing-routes.js'
import { createWebServer } from '../../web/web-server.js'
import { PROMO_URLS, RecordedClicks, seedLanding } from '../integration/landing/seed-landing.js'
import { openTestDatabase, preferredBackend } from '../support/test-databases.js'

const WECHAT_UA =
  'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64'
const PHONE_UA = 'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36'
const TPWD = '￥AbCd1234EfG￥/ CZ0001'
// A long title with no break opportunities, as platforms send them: it must wrap, not widen the page.
const LONG_TITLE = `【官方旗舰店】超长标题保温杯不锈钢大容量男女学生便携水杯子${'Ultra-Long-Model-Number-'.repeat(6)}500ml`
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64')

describe('a landing page in a real browser (Chromium, 375×667)', () => {
  let handle: DatabaseHandle
  let app: FastifyInstance
  let browser: Browser
  let base: string
  const clicks = new RecordedClicks()

  beforeAll(async () => {
    setLogSink(() => undefined)
    handle = await openTestDatabase(preferredBackend())
    app = await createWebServer({ plugins: [landingRoutes({ db: handle.db, clicks })] })
    base = await app.listen({ host: '127.0.0.1', port: 0 })
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await handle?.close()
  })

  async function open(userAgent: string, code: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 375, height: 667 }, userAgent, permissions: ['clipboard-read', 'clipboard-write'] })
    // Nothing leaves the machine: the picture and the shops are answered here.
    await context.route('https://img.example.com/**', (route) => route.fulfill({ contentType: 'image/png', body: PIXEL }))
    await context.route(/^https:\/\/(s\.click\.taobao\.com|u\.jd\.com|p\.pinduoduo\.com)\//, (route) => route.fulfill({ contentType: 'text/html', body: '<title>shop</title>' }))
    const page = await context.newPage()
    const response = await page.goto(`${base}/s/${code}`)
    expect(response?.status()).toBe(200)
    return { context, page }
  }

  async function pressed(code: string, action: 'copy' | 'open'): Promise<void> {
    const deadline = Date.now() + 5000
    while (!clicks.clicks.some((c) => c.code === code && c.action === action)) {
      if (Date.now() > deadline) throw new Error(`no ${action} press recorded for ${code}: ${JSON.stringify(clicks.clicks)}`)
      await new Promise((done) => setTimeout(done, 25))
    }
  }

  it.each([
    ['WeChat', WECHAT_UA, true],
    ['a normal browser', PHONE_UA, false],
  ])('Taobao in %s: the copy button puts the 淘口令 on the clipboard, nothing overflows, the press is recorded', async (_name, userAgent, inWeChat) => {
    const code = await seedLanding(handle.db, { platform: 'taobao', title: LONG_TITLE, tpwd: TPWD })
    const { context, page } = await open(userAgent, code)
    try {
      expect(await page.locator('#wechat-hint').count()).toBe(inWeChat ? 1 : 0)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
      await page.click('#copy')
      await page.waitForFunction(() => document.getElementById('copy-status')?.textContent?.startsWith('已复制') === true)
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(TPWD)
      await pressed(code, 'copy')
      const copy = clicks.clicks.find((c) => c.code === code && c.action === 'copy')
      expect(copy?.userAgent).toBe(userAgent)
      expect(clicks.clicks.filter((c) => c.code === code).map((c) => c.action)).toEqual(['view', 'copy'])
    } finally {
      await context.close()
    }
  })

  it('without the Clipboard API the button selects the 口令 and copies it with execCommand', async () => {
    const code = await seedLanding(handle.db, { platform: 'taobao', tpwd: TPWD })
    const context = await browser.newContext({ viewport: { width: 375, height: 667 }, userAgent: WECHAT_UA, permissions: ['clipboard-read', 'clipboard-write'] })
    try {
      await context.route('https://img.example.com/**', (route) => route.fulfill({ contentType: 'image/png', body: PIXEL }))
      const page = await context.newPage()
      // An old WeChat browser: no navigator.clipboard.
      await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }))
      await page.goto(`${base}/s/${code}`)
      await page.click('#copy')
      await page.waitForFunction(() => document.getElementById('copy-status')?.textContent !== '')
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.id)).toBe('tpwd')
      expect(await page.evaluate(() => window.getSelection()?.toString() || (document.getElementById('tpwd') as HTMLInputElement).value.slice(
        (document.getElementById('tpwd') as HTMLInputElement).selectionStart ?? 0,
        (document.getElementById('tpwd') as HTMLInputElement).selectionEnd ?? 0,
      ))).toBe(TPWD)
      // Read back through a page that has the API.
      const reader = await context.newPage()
      await reader.goto(`${base}/assets/site.css`)
      expect(await reader.evaluate(() => navigator.clipboard.readText())).toBe(TPWD)
      await pressed(code, 'copy')
    } finally {
      await context.close()
    }
  })

  it('JD in WeChat: the open button goes to the stored promo link, and the press is recorded', async () => {
    const code = await seedLanding(handle.db, { platform: 'jd', title: LONG_TITLE })
    const { context, page } = await open(WECHAT_UA, code)
    try {
      expect(await page.locator('#wechat-hint').count()).toBe(0)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
      await Promise.all([page.waitForURL(PROMO_URLS.jd), page.click('#open')])
      await pressed(code, 'open')
    } finally {
      await context.close()
    }
  })
})
