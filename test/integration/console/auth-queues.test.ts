import { randomUUID } from 'node:crypto'
import { Queue } from 'bullmq'
import type { FastifyInstance } from 'fastify'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { createRedisConnection } from '../../../src/queue/redis-connection.js'
import { consoleTestApp, logInOperator, type ConsoleLogin } from '../../support/console-session.js'
import { openTestDatabase, preferredBackend } from '../../support/test-databases.js'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

describe('/console/queues: bull-board behind the console session, read-only', () => {
  let handle: DatabaseHandle
  let connection: Redis
  let queue: Queue
  let app: FastifyInstance
  let login: ConsoleLogin
  const name = `console-board-${randomUUID().slice(0, 8)}`

  beforeAll(async () => {
    handle = await openTestDatabase(preferredBackend())
    connection = createRedisConnection(REDIS_URL)
    queue = new Queue(name, { connection, prefix: `test-${randomUUID()}` })
    await queue.add('job', { n: 1 }, { jobId: 'first' })
    app = await consoleTestApp(handle.db, { queues: { queues: [queue] } })
    login = await logInOperator(app, handle.db)
  })
  afterAll(async () => {
    await app.close()
    await queue.obliterate({ force: true })
    await queue.close()
    await connection.quit()
    await handle.close()
  })

  it('without a session neither the board nor its API answers', async () => {
    const page = await app.inject({ method: 'GET', url: '/console/queues' })
    expect(page.statusCode).toBe(401)
    expect(page.body).not.toContain(name)
    // The strict site policy, not the board's relaxed one.
    expect(page.headers['content-security-policy']).toContain("style-src 'self';")
    const api = await app.inject({ method: 'GET', url: '/console/queues/api/queues' })
    expect(api.statusCode).toBe(401)
    expect(api.json()).toMatchObject({ error: 'login required' })
  })

  it('shows the board with the relaxed style policy only there, and the queues with their jobs', async () => {
    const page = await app.inject({ method: 'GET', url: '/console/queues', headers: { cookie: login.cookie } })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<base href="/console/queues/"')
    // The board's Google Fonts link is taken out: the CSP would refuse it on every page load anyway.
    expect(page.body).not.toContain('fonts.googleapis.com')
    expect(page.body).toMatch(/<link href="static\/css\/main\.[^"]+\.css" rel="stylesheet">/)
    const csp = page.headers['content-security-policy'] as string
    expect(csp).toContain("style-src 'self' 'unsafe-inline'")
    expect(csp).toContain("script-src 'self';")
    expect(csp).not.toMatch(/script-src[^;]*unsafe/)
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.body)?.[1]
    expect(script).toBeDefined()
    const asset = await app.inject({ method: 'GET', url: `/console/queues/${script}`, headers: { cookie: login.cookie } })
    expect(asset.statusCode).toBe(200)
    expect(asset.headers['content-type']).toContain('javascript')

    const api = await app.inject({ method: 'GET', url: '/console/queues/api/queues?activeQueue=&status=latest&page=1', headers: { cookie: login.cookie } })
    expect(api.statusCode).toBe(200)
    const queues = (api.json() as { queues: { name: string; readOnlyMode: boolean }[] }).queues
    expect(queues).toEqual([expect.objectContaining({ name, readOnlyMode: true })])

    // The other console pages keep the strict policy.
    const audit = await app.inject({ method: 'GET', url: '/console/audit', headers: { cookie: login.cookie } })
    expect(audit.headers['content-security-policy']).toContain("style-src 'self';")
  })

  it('its actions are refused: without the CSRF token by the guard, with it by read-only mode', async () => {
    await queue.add('job', { n: 2 }, { jobId: 'second', delay: 60_000 })
    const url = `/console/queues/api/queues/${encodeURIComponent(name)}/second/promote`
    const noToken = await app.inject({ method: 'PUT', url, headers: { cookie: login.cookie } })
    expect(noToken.statusCode).toBe(403)
    const withToken = await app.inject({ method: 'PUT', url, headers: { cookie: login.cookie, 'x-csrf-token': login.csrfToken } })
    expect(withToken.statusCode).toBeGreaterThanOrEqual(400)
    expect(await (await queue.getJob('second'))?.getState()).toBe('delayed')
  })
})
