import type { Kysely } from 'kysely'
import type { AccountState } from '../accounts/account-health.js'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'

export interface OpenWithdrawals {
  readonly status: 'pending' | 'paying'
  readonly count: number
  readonly amountFen: number
}

/** Withdrawals awaiting an operator (pending) or a payment result (paying): how many, and their sum. */
export async function openWithdrawals(db: Kysely<Database>): Promise<OpenWithdrawals[]> {
  const rows = await db
    .selectFrom('withdrawals')
    .select((eb) => ['status', eb.fn.countAll<string>().as('count'), eb.fn.coalesce(eb.fn.sum<string>('amount_fen'), eb.val('0')).as('amount')])
    .where('status', 'in', ['pending', 'paying'])
    .groupBy('status')
    .execute()
  return rows.map((row) => ({ status: row.status as OpenWithdrawals['status'], count: Number(row.count), amountFen: Number(row.amount) }))
}

export interface AccountGaugeRow {
  readonly name: string
  readonly state: AccountState
  readonly paused: boolean
  /** The outbox backlog the account's bot wrote with its last heartbeat. */
  readonly backlog: number
  readonly lastSeenAt: Date
}

export async function accountGaugeRows(db: Kysely<Database>): Promise<AccountGaugeRow[]> {
  const rows = await db.selectFrom('bot_accounts').select(['name', 'state', 'paused', 'backlog', 'last_seen_at']).orderBy('name').execute()
  return rows.map((row) => ({ name: row.name, state: row.state, paused: row.paused, backlog: Number(row.backlog), lastSeenAt: row.last_seen_at }))
}

export interface SyncCursorGaugeRow {
  readonly platform: Platform
  readonly syncedUntil: Date
  readonly stopped: boolean
}

export async function syncCursorGaugeRows(db: Kysely<Database>): Promise<SyncCursorGaugeRow[]> {
  const rows = await db.selectFrom('order_sync_cursors').select(['platform', 'synced_until', 'stopped_reason']).execute()
  return rows.map((row) => ({ platform: row.platform, syncedUntil: row.synced_until, stopped: row.stopped_reason !== null }))
}
