import { beforeAll, describe, expect, it } from 'vitest'
import { createDatabaseGauges } from '../../../src/metrics/database-gauges.js'
import type { GaugeSnapshot } from '../../../src/metrics/metrics.service.js'
import { setLogSink } from '../../../src/shared/log.js'
import { parsePrometheusText } from '../../support/prometheus-text.js'

const snapshot = (backlog: number): GaugeSnapshot => ({
  withdrawals: [{ status: 'pending', count: 2, amountFen: 3500 }],
  accounts: [{ account: 'main', state: 'limited', paused: true, backlog }],
  syncs: [{ platform: 'jd', lagSeconds: 42, stopped: false }],
})

/** A read the test answers by hand: each call waits until `answer` or `fail` is called. */
function scriptedRead() {
  let calls = 0
  let pending: { resolve(s: GaugeSnapshot): void; reject(e: Error): void } | undefined
  return {
    read: () => {
      calls++
      return new Promise<GaugeSnapshot>((resolve, reject) => (pending = { resolve, reject }))
    },
    answer: (s: GaugeSnapshot) => pending?.resolve(s),
    fail: (e: Error) => pending?.reject(e),
    calls: () => calls,
  }
}

describe('database gauges', () => {
  beforeAll(() => setLogSink(() => undefined))

  it('reads once per scrape for all gauges and reports the snapshot', async () => {
    let reads = 0
    const registry = createDatabaseGauges({ read: async () => (reads++, snapshot(7)), timeoutMs: 1000 })
    const scrape = parsePrometheusText(await registry.metrics())
    expect(reads).toBe(1)
    expect(scrape.value('rebate_bot_pending_withdrawals', { status: 'pending' })).toBe(2)
    expect(scrape.value('rebate_bot_pending_withdrawals_amount_fen', { status: 'pending' })).toBe(3500)
    expect(scrape.has('rebate_bot_pending_withdrawals', { status: 'paying' })).toBe(true)
    expect(scrape.value('rebate_bot_pending_withdrawals', { status: 'paying' })).toBe(0)
    expect(scrape.value('rebate_bot_outbox_backlog', { account: 'main' })).toBe(7)
    expect(scrape.value('rebate_bot_account_state', { account: 'main', state: 'limited' })).toBe(1)
    expect(scrape.value('rebate_bot_account_state', { account: 'main', state: 'logged-in' })).toBe(0)
    expect(scrape.value('rebate_bot_account_paused', { account: 'main' })).toBe(1)
    expect(scrape.value('rebate_bot_order_sync_lag_seconds', { platform: 'jd' })).toBe(42)
    expect(scrape.value('rebate_bot_order_sync_stopped', { platform: 'jd' })).toBe(0)
    expect(scrape.value('rebate_bot_metrics_database_read_errors_total', { reason: 'timeout' })).toBe(0)
    await registry.metrics()
    expect(reads).toBe(2)
  })

  it('a slow read: the scrape answers within the timeout with the last values, counts a timeout, and does not start a second read', async () => {
    const read = scriptedRead()
    const registry = createDatabaseGauges({ read: read.read, timeoutMs: 150 })
    const first = registry.metrics()
    read.answer(snapshot(5))
    expect(parsePrometheusText(await first).value('rebate_bot_outbox_backlog', { account: 'main' })).toBe(5)

    const started = Date.now()
    const slow = parsePrometheusText(await registry.metrics())
    const tookMs = Date.now() - started
    expect(tookMs).toBeGreaterThanOrEqual(140)
    expect(tookMs).toBeLessThan(1000)
    expect(slow.value('rebate_bot_outbox_backlog', { account: 'main' })).toBe(5)
    expect(slow.value('rebate_bot_metrics_database_read_errors_total', { reason: 'timeout' })).toBe(1)

    // The read still hangs: the next scrape waits on it again instead of piling up another query.
    const again = parsePrometheusText(await registry.metrics())
    expect(read.calls()).toBe(2)
    expect(again.value('rebate_bot_metrics_database_read_errors_total', { reason: 'timeout' })).toBe(2)

    // Its answer arrives late: it counts.
    read.answer(snapshot(9))
    await new Promise((resolve) => setTimeout(resolve, 10))
    const late = parsePrometheusText(await registry.metrics())
    expect(late.value('rebate_bot_outbox_backlog', { account: 'main' })).toBeGreaterThanOrEqual(9)
  })

  it('a failed read keeps the last values and counts an error', async () => {
    let fail = false
    const registry = createDatabaseGauges({
      read: async () => {
        if (fail) throw new Error('connection terminated')
        return snapshot(3)
      },
      timeoutMs: 1000,
    })
    await registry.metrics()
    fail = true
    const scrape = parsePrometheusText(await registry.metrics())
    expect(scrape.value('rebate_bot_outbox_backlog', { account: 'main' })).toBe(3)
    expect(scrape.value('rebate_bot_metrics_database_read_errors_total', { reason: 'error' })).toBe(1)
  })

  it('an account that disappeared is no longer reported', async () => {
    let accounts: GaugeSnapshot['accounts'] = [
      { account: 'a', state: 'logged-in', paused: false, backlog: 1 },
      { account: 'b', state: 'logged-out', paused: false, backlog: 2 },
    ]
    const registry = createDatabaseGauges({ read: async () => ({ withdrawals: [], accounts, syncs: [] }), timeoutMs: 1000 })
    expect(parsePrometheusText(await registry.metrics()).has('rebate_bot_outbox_backlog', { account: 'b' })).toBe(true)
    accounts = accounts.slice(0, 1)
    expect(parsePrometheusText(await registry.metrics()).has('rebate_bot_outbox_backlog', { account: 'b' })).toBe(false)
  })
})
