import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { setLogSink } from '../../../src/shared/log.js'
import { createWebServer } from '../../../web/web-server.js'

describe('the web server', () => {
  let app: FastifyInstance
  const lines: string[] = []
  beforeAll(async () => {
    setLogSink((line) => lines.push(line))
    app = await createWebServer({
      plugins: [
        async (instance) => {
          instance.get('/boom', async () => {
            throw new Error('secret internals at /srv/app.js:12')
          })
        },
      ],
    })
  })
  afterAll(async () => {
    await app.close()
  })

  it('answers an unknown path with a friendly Chinese 404 page, UTF-8, and the security headers', async () => {
    const response = await app.inject({ method: 'GET', url: '/nope' })
    expect(response.statusCode).toBe(404)
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(response.body).toContain('页面不存在')
    const csp = String(response.headers['content-security-policy'])
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['referrer-policy']).toBe('no-referrer')
    expect(response.headers['strict-transport-security']).toMatch(/^max-age=\d+/)
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin')
  })

  it('shows a failure as a page without the error or a stack, and an API failure as JSON', async () => {
    const response = await app.inject({ method: 'GET', url: '/boom' })
    expect(response.statusCode).toBe(500)
    expect(response.body).toContain('出了点小问题')
    expect(response.body).not.toContain('secret internals')
    // The log has what the page hides: the request's id and the error itself (pino wrote an Error as {}).
    const logged = lines.find((line) => line.includes('request failed')) ?? ''
    expect(logged).toMatch(/"reqId":"[0-9a-f-]{36}"/)
    expect(logged).toContain('secret internals at /srv/app.js:12')
    const api = await app.inject({ method: 'GET', url: '/api/nope' })
    expect(api.statusCode).toBe(404)
    expect(api.json()).toEqual({ error: 'not found' })
  })

  it('serves the stylesheet the pages link to', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/site.css' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/css; charset=utf-8')
    expect(response.body).toContain('.btn')
  })
})
