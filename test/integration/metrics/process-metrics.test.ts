import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openInfra, type Infra } from '../../../cli/infra.js'
import { startProcessMetrics, type MetricsServer } from '../../../cli/metrics-server.js'
import { loadConfig } from '../../../src/config.js'
import { setLogSink } from '../../../src/shared/log.js'
import { parsePrometheusText } from '../../support/prometheus-text.js'

/** What the lead calls from `start`: the whole process's server, built from its Infra. */
describe.runIf(inject('postgresUrl'))('startProcessMetrics on a real Infra', () => {
  let infra: Infra
  let server: MetricsServer
  let loggedIn = false

  beforeAll(async () => {
    setLogSink(() => undefined)
    const config = loadConfig({
      DATABASE_URL: inject('postgresUrl'),
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'rebate-bot-metrics-')),
      METRICS_PORT: '0',
      LOG_LEVEL: 'silent',
    })
    // The scheduler alone starts no simulator: the quickest Infra with a database and Redis.
    infra = await openInfra(config, new Set(['scheduler']), { explicitRoles: true })
    server = await startProcessMetrics(infra, { loggedIn: () => loggedIn })
  })
  afterAll(async () => {
    await server?.close()
    await infra?.close()
  })

  it('listens on METRICS_HOST with every readiness check of the process', async () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1')
    const notYet = await fetch(`${server.url}/readyz`)
    expect(notYet.status).toBe(503)
    expect(await notYet.json()).toMatchObject({ failed: ['logged-in'], checks: { database: 'ok', migrations: 'ok', redis: 'ok' } })
    loggedIn = true
    const ready = await fetch(`${server.url}/readyz`)
    expect(ready.status).toBe(200)
  })

  it('serves the process metrics, the counters and the database gauges together', async () => {
    const metrics = parsePrometheusText(await (await fetch(`${server.url}/metrics`)).text())
    expect(metrics.types.get('process_resident_memory_bytes')).toBe('gauge')
    expect(metrics.types.get('rebate_bot_conversions_total')).toBe('counter')
    expect(metrics.types.get('rebate_bot_pending_withdrawals')).toBe('gauge')
    expect(metrics.has('rebate_bot_pending_withdrawals', { status: 'pending' })).toBe(true)
  })
})
