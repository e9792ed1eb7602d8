import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { PublicBaseUrl } from '../../../src/landing/landing-links.js'
import { authorizationLandingUrl } from '../../../src/landing/short-links.service.js'
import { setLogSink } from '../../../src/shared/log.js'
import { authorizationRoutes } from '../../../web/landing/authorization-routes.js'
import { createWebServer } from '../../../web/web-server.js'
import { newUser } from '../../support/order-factory.js'
import { openTestDatabase, preferredBackend } from '../../support/test-databases.js'

const BASE = 'https://go.example.com'

describe('the authorization page in front of PDD 授权备案', () => {
  let handle: DatabaseHandle
  let app: FastifyInstance
  const logs: string[] = []
  beforeAll(async () => {
    setLogSink((line) => logs.push(line))
    handle = await openTestDatabase(preferredBackend())
    app = await createWebServer({ plugins: [authorizationRoutes({ db: handle.db, missesPerMinute: 3 })] })
  })
  afterAll(async () => {
    await app.close()
    await handle.close()
  })

  const path = (url: string) => url.slice(BASE.length)

  it('explains and leads only to the stored authorization URL; one code per user and platform, the newest URL behind it', async () => {
    const user = await newUser(handle.db, 'auth-page')
    const links = new PublicBaseUrl(BASE)
    const first = await authorizationLandingUrl(handle.db, links, { userId: user.id, platform: 'pdd', url: 'https://mobile.yangkeduo.com/auth?a=1&b=2' })
    expect(first).toMatch(/^https:\/\/go\.example\.com\/a\/[0-9A-Za-z]{12}$/)
    const page = await app.inject({ method: 'GET', url: `${path(first)}?redirect=https://evil.example` })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.body).toContain('拼多多授权（只需一次）')
    expect(page.body).toContain('<a class="btn" href="https://mobile.yangkeduo.com/auth?a=1&amp;b=2" rel="noreferrer">去拼多多授权</a>')
    expect(page.body).not.toContain('evil.example')
    const again = await authorizationLandingUrl(handle.db, links, { userId: user.id, platform: 'pdd', url: 'https://mobile.yangkeduo.com/auth?a=3' })
    expect(again).toBe(first)
    expect((await app.inject({ method: 'GET', url: path(first) })).body).toContain('href="https://mobile.yangkeduo.com/auth?a=3"')
  })

  it('never links to a stored URL that is not http(s)', async () => {
    const user = await newUser(handle.db, 'auth-page-js')
    const url = await authorizationLandingUrl(handle.db, new PublicBaseUrl(BASE), { userId: user.id, platform: 'pdd', url: 'javascript:alert(1)' })
    const page = await app.inject({ method: 'GET', url: path(url) })
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('javascript:')
    expect(page.body).toContain('授权链接暂时不可用')
  })

  it('answers unknown and malformed codes with the friendly 404 page, then 429 after too many misses', async () => {
    const statuses = []
    for (const code of ['AAAAAAAAAAAA', 'short', '<script>', 'BBBBBBBBBBBB']) {
      const miss = await app.inject({ method: 'GET', url: `/a/${encodeURIComponent(code)}`, remoteAddress: '10.9.9.9' })
      statuses.push(miss.statusCode)
      expect(miss.body).not.toContain('<script>')
    }
    expect(statuses).toEqual([404, 404, 404, 429])
    expect(logs.filter((l) => l.includes('ERROR'))).toEqual([])
  })
})
