import type { Kysely } from 'kysely'
import type { AccountState } from '../accounts/account-health.js'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'
import { accountGaugeRows, openWithdrawals, syncCursorGaugeRows, type OpenWithdrawals } from './metrics.repository.js'

/** What the database says at scrape time: the same in every process (the figures are the whole bot's). */
export interface GaugeSnapshot {
  readonly withdrawals: readonly OpenWithdrawals[]
  readonly accounts: readonly { readonly account: string; readonly state: AccountState; readonly paused: boolean; readonly backlog: number }[]
  readonly syncs: readonly { readonly platform: Platform; readonly lagSeconds: number; readonly stopped: boolean }[]
}

/**
 * Three short reads (open withdrawals grouped by status, the bot_accounts
 * rows, the order-sync cursors); the order-sync lag is how far behind `now`
 * each platform's cursor is.
 */
export async function readGaugeSnapshot(db: Kysely<Database>, now: Date = new Date()): Promise<GaugeSnapshot> {
  const [withdrawals, accounts, cursors] = await Promise.all([openWithdrawals(db), accountGaugeRows(db), syncCursorGaugeRows(db)])
  return {
    withdrawals,
    accounts: accounts.map((row) => ({ account: row.name, state: row.state, paused: row.paused, backlog: row.backlog })),
    syncs: cursors.map((row) => ({
      platform: row.platform,
      lagSeconds: Math.max(0, (now.getTime() - row.syncedUntil.getTime()) / 1000),
      stopped: row.stopped,
    })),
  }
}
