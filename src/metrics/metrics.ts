import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client'
import type { SendKind } from '../accounts/account-health.js'
import type { Platform } from '../links/parsed-link.js'
import type { DropReason } from '../outbox/send-policy.js'
import {
  accountLabel,
  botLabel,
  clickActionLabel,
  type ConversionOutcomeLabel,
  errorCodeLabel,
  ledgerKindLabel,
  methodLabel,
} from './metric-labels.js'

/*
 * The process's metrics: one module-level registry (not prom-client's global
 * default one, which any library may write to). Module-level rather than
 * passed in, because the counters are bumped deep inside services, adapters
 * and the bot edge, which take narrow dependencies: threading a metrics
 * object through every one of them (and their tests) would change dozens of
 * signatures for a side channel — the same reason `createLogger` is
 * module-level. Tests read differences (after − before), so runs do not
 * disturb each other; `metricsRegistry.resetMetrics()` zeroes everything for
 * a test that wants absolute values. Gauges read from the database at scrape
 * time are made per server (`database-gauges.ts`), since they need a database.
 */
export const metricsRegistry = new Registry()

let defaultsOn = false
/** Node's process metrics (CPU, memory, event-loop lag, GC, handles), once per process, when a metrics server starts. */
export function enableDefaultMetrics(): void {
  if (defaultsOn) return
  defaultsOn = true
  collectDefaultMetrics({ register: metricsRegistry })
}

const registers = [metricsRegistry]

export const messagesReceived = new Counter({
  name: 'rebate_bot_messages_received_total',
  help: 'Chat messages received by this account (own and system messages excluded), by chat: direct or group.',
  labelNames: ['account', 'chat'] as const,
  registers,
})

export const messagesSent = new Counter({
  name: 'rebate_bot_messages_sent_total',
  help: 'Chat messages the outbox consumer sent, by account and kind (reply, notification, push).',
  labelNames: ['account', 'kind'] as const,
  registers,
})

export const messageSendFailures = new Counter({
  name: 'rebate_bot_message_send_failures_total',
  help: 'Failed send attempts of the outbox consumer (each is retried with backoff), by account and kind.',
  labelNames: ['account', 'kind'] as const,
  registers,
})

export const messagesDropped = new Counter({
  name: 'rebate_bot_messages_dropped_total',
  help: 'Pushes the send policy dropped (daily cap, quiet hours in drop mode), by account and reason.',
  labelNames: ['account', 'reason'] as const,
  registers,
})

export const conversions = new Counter({
  name: 'rebate_bot_conversions_total',
  help: 'Links converted for users (converted) or not (the failure kind), by platform and outcome.',
  labelNames: ['platform', 'outcome'] as const,
  registers,
})

export const platformRequestDuration = new Histogram({
  name: 'rebate_bot_platform_request_duration_seconds',
  help: 'Time of one platform API attempt (request, answer and envelope read; each retry is its own attempt), by platform and method.',
  labelNames: ['platform', 'method'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
  registers,
})

export const platformRequestErrors = new Counter({
  name: 'rebate_bot_platform_request_errors_total',
  help: "Failed platform API attempts, by platform, method and code (the platform's code, transport or internal).",
  labelNames: ['platform', 'method', 'code'] as const,
  registers,
})

export const ordersStored = new Counter({
  name: 'rebate_bot_orders_stored_total',
  help: 'Sub-order rows written by the order sync (new, or changed by a newer report), by platform.',
  labelNames: ['platform'] as const,
  registers,
})

export const orderRowsRejected = new Counter({
  name: 'rebate_bot_order_rows_rejected_total',
  help: 'Order rows the order sync skipped because they failed validation, by platform.',
  labelNames: ['platform'] as const,
  registers,
})

export const ledgerMovements = new Counter({
  name: 'rebate_bot_ledger_movements_total',
  help: 'Ledger transactions committed, by kind (role:movement such as buyer:pending, or withdrawal:hold|paid|released).',
  labelNames: ['kind'] as const,
  registers,
})

export const clicks = new Counter({
  name: 'rebate_bot_clicks_total',
  help: 'Landing-page views and button presses recorded, by action (view, copy, open) and bot (yes: a link preview or crawler).',
  labelNames: ['action', 'bot'] as const,
  registers,
})

/** One line per instrumented place, so call sites stay one line and labels stay bounded. */
export const count = {
  received(account: string, chat: 'direct' | 'group'): void {
    messagesReceived.inc({ account: accountLabel(account), chat })
  },
  sent(account: string, kind: SendKind): void {
    messagesSent.inc({ account: accountLabel(account), kind })
  },
  sendFailed(account: string, kind: SendKind): void {
    messageSendFailures.inc({ account: accountLabel(account), kind })
  },
  dropped(account: string, reason: DropReason): void {
    messagesDropped.inc({ account: accountLabel(account), reason })
  },
  conversion(platform: Platform, outcome: ConversionOutcomeLabel): void {
    conversions.inc({ platform, outcome })
  },
  ordersStored(platform: Platform, rows: number): void {
    if (rows > 0) ordersStored.inc({ platform }, rows)
  },
  rowsRejected(platform: Platform, rows: number): void {
    if (rows > 0) orderRowsRejected.inc({ platform }, rows)
  },
  ledgerMovements(kinds: readonly string[]): void {
    for (const kind of kinds) ledgerMovements.inc({ kind: ledgerKindLabel(kind) })
  },
  /** For the web role's click recorder: one call per recorded view or press. */
  click(action: string, isBot: boolean): void {
    clicks.inc({ action: clickActionLabel(action), bot: botLabel(isBot) })
  },
}

/**
 * Times one platform API attempt and counts its failure by code. Wraps the
 * body of an adapter's `call` inside its retry loop, so each attempt is one
 * observation.
 */
export async function timePlatformCall<T>(platform: Platform, method: string, attempt: () => Promise<T>): Promise<T> {
  const labels = { platform, method: methodLabel(method) }
  const stop = platformRequestDuration.startTimer(labels)
  try {
    return await attempt()
  } catch (error) {
    platformRequestErrors.inc({ ...labels, code: errorCodeLabel(error) })
    throw error
  } finally {
    stop()
  }
}
