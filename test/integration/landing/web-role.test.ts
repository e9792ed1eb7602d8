import { createPlatforms } from '../../../src/platforms/create-platforms.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Infra } from '../../../cli/infra.js'
import { startWebRole } from '../../../cli/roles/web.role.js'
import { loadConfig } from '../../../src/config.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { PublicBaseUrl } from '../../../src/landing/landing-links.js'
import { startBinding } from '../../../src/users/taobao-binding.service.js'
import { newUser } from '../../support/order-factory.js'
import { setLogSink } from '../../../src/shared/log.js'
import { openTestDatabase, preferredBackend } from '../../support/test-databases.js'
import { RecordedClicks, seedLanding } from './seed-landing.js'

describe('the web role', () => {
  let handle: DatabaseHandle
  beforeAll(async () => {
    setLogSink(() => undefined)
    handle = await openTestDatabase(preferredBackend())
  })
  afterAll(async () => {
    await handle.close()
  })

  /** The parts of Infra the web role reads. */
  function infra(env: Record<string, string>): Infra {
    // Keys for every platform: real adapters, never called here (the binding pages only need Taobao's to exist).
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      WEB_PORT: '0',
      TAOBAO_APP_KEY: '12345678',
      TAOBAO_APP_SECRET: 's',
      TAOBAO_ADZONE_ID: '1',
      ...env,
    })
    const publicUrl = new PublicBaseUrl(config.web.publicBaseUrl)
    const landing = config.web.landingPages ? publicUrl : undefined
    return { config, database: handle, publicUrl, landing, platforms: createPlatforms(config), redis: 'none' } as unknown as Infra
  }

  it('listens on a free port with WEB_PORT=0, points the chat links at it, serves pages, records views, and stops on close', async () => {
    const parts = infra({})
    const clicks = new RecordedClicks()
    const role = await startWebRole(parts, { clicks })
    expect(role.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/)
    expect(parts.landing?.baseUrl()).toBe(role.url)
    const code = await seedLanding(handle.db, { platform: 'pdd' })
    const page = await fetch(`${role.url}/s/${code}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('去拼多多领券购买')
    expect(clicks.clicks.map((c) => [c.code, c.action])).toEqual([[code, 'view']])
    await role.close()
    await expect(fetch(`${role.url}/s/${code}`)).rejects.toThrow()
  })

  it('serves the operator console: its login page and stylesheet open, everything else behind the session', async () => {
    const role = await startWebRole(infra({ OPERATOR_IDS: 'wx-operator' }))
    try {
      expect((await fetch(`${role.url}/console/assets/console.css`)).status).toBe(200)
      const login = await fetch(`${role.url}/console/login?token=forged`)
      expect(login.status).toBe(400)
      expect(await login.text()).toContain('登录链接无效')
      for (const path of ['/console', '/console/audit', '/console/queues']) {
        const page = await fetch(`${role.url}${path}`)
        expect(page.status, path).toBe(401)
        expect(await page.text()).toContain('请先登录后台')
      }
    } finally {
      await role.close()
    }
  })

  it('records views in the clicks table by default, written when it stops', async () => {
    const role = await startWebRole(infra({}))
    const code = await seedLanding(handle.db, { platform: 'jd' })
    for (let i = 0; i < 3; i++) expect((await fetch(`${role.url}/s/${code}`, { headers: { 'user-agent': 'Mozilla/5.0 Chrome/120.0' } })).status).toBe(200)
    await role.close()
    const rows = await handle.db.selectFrom('clicks').selectAll().where('code', '=', code).execute()
    expect(rows.map((r) => [r.action, r.is_bot, r.browser])).toEqual([
      ['view', false, 'chrome'],
      ['view', false, 'chrome'],
      ['view', false, 'chrome'],
    ])
  })

  it('points 绑定淘宝 links at the bound port too, with landing pages off', async () => {
    const parts = infra({ LANDING_PAGES: 'off', TAOBAO_SESSION: 'operator-session' })
    const role = await startWebRole(parts, { clicks: new RecordedClicks() })
    try {
      expect(parts.landing).toBeUndefined()
      const user = await newUser(handle.db, `bind-port-${Date.now()}`)
      const outcome = await startBinding({ db: handle.db, publicUrl: parts.publicUrl }, { contactId: user.contact_id, displayName: 'x' })
      expect(outcome.kind).toBe('link')
      const url = outcome.kind === 'link' ? outcome.url : ''
      expect(url.startsWith(`${role.url}/taobao/bind?state=`)).toBe(true)
      const page = await fetch(url)
      expect(page.status).toBe(200)
      // Taobao is sent back to the same bound address.
      expect(await page.text()).toContain(encodeURIComponent(`${role.url}/taobao/callback`))
    } finally {
      await role.close()
    }
  })

  it('keeps PUBLIC_BASE_URL when it is set', async () => {
    const parts = infra({ PUBLIC_BASE_URL: 'https://go.example.com/' })
    const role = await startWebRole(parts, { clicks: new RecordedClicks() })
    try {
      expect(parts.landing?.baseUrl()).toBe('https://go.example.com')
    } finally {
      await role.close()
    }
  })

  it('a port in use is one line naming WEB_PORT', async () => {
    const first = await startWebRole(infra({}), { clicks: new RecordedClicks() })
    try {
      const port = new URL(first.url).port
      await expect(startWebRole(infra({ WEB_PORT: port }), { clicks: new RecordedClicks() })).rejects.toThrow(
        new RegExp(`^WEB_PORT: the web role cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)`),
      )
    } finally {
      await first.close()
    }
  })
})
