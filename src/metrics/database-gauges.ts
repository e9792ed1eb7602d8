import { Counter, Gauge, Registry } from 'prom-client'
import { ACCOUNT_STATES } from '../accounts/account-health.js'
import { createLogger } from '../shared/log.js'
import { within } from '../shared/within.js'
import { accountLabel } from './metric-labels.js'
import type { GaugeSnapshot } from './metrics.service.js'

const log = createLogger('metrics')

export interface DatabaseGaugeOptions {
  /** Reads the snapshot (`readGaugeSnapshot` bound to the process's database). */
  readonly read: () => Promise<GaugeSnapshot>
  /** How long a scrape waits for the read; past it the scrape answers with the last values. */
  readonly timeoutMs: number
}

/**
 * The gauges read from the database when Prometheus scrapes: pending
 * withdrawals, each account's state and outbox backlog, each platform's
 * order-sync lag. All collect callbacks of one scrape share one read, and a
 * scrape waits for it at most `timeoutMs`: a slow database never hangs a
 * scrape; it answers with the last values and counts a read error. A read
 * still running is not started again; its values count once it arrives.
 * Their own registry (merged with the process's at the server), so each
 * server, and each test, reads its own database.
 */
export function createDatabaseGauges(options: DatabaseGaugeOptions): Registry {
  const registry = new Registry()
  const registers = [registry]
  let reading: Promise<void> | undefined
  let waiting: Promise<void> | undefined

  const readErrors = new Counter({
    name: 'rebate_bot_metrics_database_read_errors_total',
    help: 'Scrapes that answered with the last database gauge values: the read failed (error) or was slower than the scrape timeout (timeout).',
    labelNames: ['reason'] as const,
    registers,
    // Waits for this scrape's read, so a timeout is counted in the scrape it happened in.
    collect: () => refresh(),
  })
  readErrors.inc({ reason: 'timeout' }, 0)
  readErrors.inc({ reason: 'error' }, 0)

  const refresh = (): Promise<void> => {
    waiting ??= (async () => {
      reading ??= options
        .read()
        .then(apply, (error: unknown) => {
          log.warn('could not read the metrics gauges from the database', { error })
          readErrors.inc({ reason: 'error' })
        })
        .finally(() => (reading = undefined))
      await within(reading, options.timeoutMs, 'the metrics database read').catch(() => readErrors.inc({ reason: 'timeout' }))
    })().finally(() => (waiting = undefined))
    return waiting
  }
  const collect = (): Promise<void> => refresh()

  const pendingWithdrawals = new Gauge({
    name: 'rebate_bot_pending_withdrawals',
    help: 'Withdrawals awaiting an operator (status pending) or a payment result (status paying).',
    labelNames: ['status'] as const,
    registers,
    collect,
  })
  const pendingWithdrawalsAmount = new Gauge({
    name: 'rebate_bot_pending_withdrawals_amount_fen',
    help: 'Sum of those withdrawals, in fen (1/100 yuan), by status.',
    labelNames: ['status'] as const,
    registers,
    collect,
  })
  const outboxBacklog = new Gauge({
    name: 'rebate_bot_outbox_backlog',
    help: "Messages waiting in the account's outbox, as its bot wrote at its last heartbeat (bot_accounts.backlog).",
    labelNames: ['account'] as const,
    registers,
    collect,
  })
  const accountState = new Gauge({
    name: 'rebate_bot_account_state',
    help: "1 for the account's state (logged-in, logged-out, limited) in bot_accounts, 0 for the others.",
    labelNames: ['account', 'state'] as const,
    registers,
    collect,
  })
  const accountPaused = new Gauge({
    name: 'rebate_bot_account_paused',
    help: "1 when an operator paused the account's pushes (暂停账号).",
    labelNames: ['account'] as const,
    registers,
    collect,
  })
  const syncLag = new Gauge({
    name: 'rebate_bot_order_sync_lag_seconds',
    help: "How far behind now the platform's order-sync cursor is (synced_until).",
    labelNames: ['platform'] as const,
    registers,
    collect,
  })
  const syncStopped = new Gauge({
    name: 'rebate_bot_order_sync_stopped',
    help: "1 when the platform's order sync is stopped (auth or permission error) until an operator's 恢复同步.",
    labelNames: ['platform'] as const,
    registers,
    collect,
  })

  // Resets first, so an account or status that went away stops being reported.
  const apply = (snapshot: GaugeSnapshot): void => {
    for (const gauge of [pendingWithdrawals, pendingWithdrawalsAmount, outboxBacklog, accountState, accountPaused, syncLag, syncStopped]) gauge.reset()
    for (const status of ['pending', 'paying'] as const) {
      const row = snapshot.withdrawals.find((w) => w.status === status)
      pendingWithdrawals.set({ status }, row?.count ?? 0)
      pendingWithdrawalsAmount.set({ status }, row?.amountFen ?? 0)
    }
    for (const { account, state, paused, backlog } of snapshot.accounts) {
      const name = accountLabel(account)
      outboxBacklog.set({ account: name }, backlog)
      accountPaused.set({ account: name }, paused ? 1 : 0)
      for (const each of ACCOUNT_STATES) accountState.set({ account: name, state: each }, each === state ? 1 : 0)
    }
    for (const { platform, lagSeconds, stopped } of snapshot.syncs) {
      syncLag.set({ platform }, lagSeconds)
      syncStopped.set({ platform }, stopped ? 1 : 0)
    }
  }
  return registry
}
