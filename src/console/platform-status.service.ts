import type { Kysely } from 'kysely'
import { daysBetween, warmupCap, type WarmupOptions } from '../accounts/account-health.js'
import type { AccountView } from '../accounts/account.text.js'
import { listAccounts } from '../accounts/account.service.js'
import type { Database } from '../db/database.js'
import { PLATFORMS, type Platform } from '../links/parsed-link.js'
import { listSyncCursors, openWithdrawalTotals } from './platform-status.repository.js'

/** One platform's order sync: how far it has read, how far behind now that is, and whether it is stopped. */
export interface PlatformSyncView {
  readonly platform: Platform
  /** Undefined: the platform has never been synced. */
  readonly syncedUntil: Date | undefined
  readonly lagMs: number | undefined
  /** Why the sync stopped (an auth or permission error); it stays stopped until an operator resumes it. */
  readonly stoppedReason: string | null
  readonly rejectedRows: number
  readonly updatedAt: Date | undefined
}

/** Every platform, in the usual order, synced or not. */
export async function platformSyncStatus(db: Kysely<Database>, now: Date): Promise<PlatformSyncView[]> {
  const cursors = new Map((await listSyncCursors(db)).map((c) => [c.platform, c]))
  return PLATFORMS.map((platform) => {
    const c = cursors.get(platform)
    return {
      platform,
      syncedUntil: c?.syncedUntil,
      lagMs: c ? Math.max(0, now.getTime() - c.syncedUntil.getTime()) : undefined,
      stoppedReason: c?.stoppedReason ?? null,
      rejectedRows: c?.rejectedRows ?? 0,
      updatedAt: c?.updatedAt,
    }
  })
}

/** How an account's daily push cap is worked out (config: OUTBOX_DAILY_PUSH_CAP and the warm-up). */
export interface PushCapOptions {
  readonly dailyCap: number | undefined
  readonly warmup?: Omit<WarmupOptions, 'max'> | undefined
}

export interface AccountStatusView extends AccountView {
  /** Today's push cap (warm-up included); undefined: no cap. */
  readonly pushCap: number | undefined
}

/** Every WeChat account as the 账号 list shows it (src/accounts), with today's push cap as the bot computes it. */
export async function accountStatus(db: Kysely<Database>, now: Date, caps: PushCapOptions): Promise<AccountStatusView[]> {
  return (await listAccounts(db, now.getTime())).map((view) => ({
    ...view,
    pushCap: caps.warmup ? warmupCap(daysBetween(view.firstSeenAt.getTime(), now.getTime()), { ...caps.warmup, max: caps.dailyCap }) : caps.dailyCap,
  }))
}

export interface OpenWithdrawals {
  readonly pending: { readonly count: number; readonly sumFen: number }
  readonly paying: { readonly count: number; readonly sumFen: number }
}

/** Withdrawals an operator must decide (pending) and approved ones whose payment is unconfirmed (paying). */
export async function openWithdrawals(db: Kysely<Database>): Promise<OpenWithdrawals> {
  const totals = await openWithdrawalTotals(db)
  const of = (status: 'pending' | 'paying') => {
    const t = totals.find((x) => x.status === status)
    return { count: t?.count ?? 0, sumFen: t?.sumFen ?? 0 }
  }
  return { pending: of('pending'), paying: of('paying') }
}
