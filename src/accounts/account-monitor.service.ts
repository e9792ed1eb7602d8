import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Notice } from '../orders/notice.js'
import { recordNotices } from '../orders/notice-outbox.repository.js'
import { createLogger } from '../shared/log.js'
import { findAccount, noticePending, type OperatorSettings, writeAccountState } from './account.repository.js'
import {
  type AccountState,
  afterSend,
  daysBetween,
  errorText,
  type FailureStreak,
  SEND_KINDS,
  type SendKind,
  type SentToday,
  type TroubleCause,
  warmupCap,
} from './account-health.js'
import { troubleNoticeText } from './account.text.js'
import { beijingDate } from './beijing-date.js'

const log = createLogger('account-monitor')

export interface AccountMonitorOptions {
  readonly db: Kysely<Database>
  /** BOT_ACCOUNT of this process. */
  readonly account: string
  /** Who is told when the account's pushes pause by themselves. */
  readonly operators: readonly string[]
  /** Consecutive failed sends (of any kind, none matching a known phrase) that pause pushes. */
  readonly failureLimit: number
  /** The configured daily push cap (the end of warm-up); undefined: none. */
  readonly dailyCap: number | undefined
  /** A new account's cap: `start` on its first day, `growthPerDay` more each day, up to `dailyCap`. Undefined: no warm-up. */
  readonly warmup?: { readonly start: number; readonly growthPerDay: number } | undefined
  /** The account's outbox backlog, written with each heartbeat (the outbox's `pending()`). */
  readonly backlog?: (() => Promise<number>) | undefined
  readonly now?: () => number
}

/**
 * What the bot edge reports and asks. Events come from the Wechaty session
 * (login, logout) and from the outbox consumer (each send's outcome); the
 * consumer asks `pushesAllowed` before each push, and `dailyPushCap` and
 * `pushesToday` for the day's cap.
 */
export interface AccountMonitor {
  loggedIn(): Promise<void>
  /** WeChat ended the session (not our own shutdown: do not report that). */
  loggedOut(reason?: string): Promise<void>
  sent(kind: SendKind): void
  /** A send failed: may pause pushes and tell the operators (once per cause). */
  sendFailed(error: unknown, kind: SendKind): Promise<void>
  /** Whether pushes may go now: logged in, no trouble, not paused by an operator. Replies and notices never ask. */
  pushesAllowed(): boolean
  /** Today's push cap, warm-up included; undefined: no cap. */
  dailyPushCap(nowMs?: number): number | undefined
  /** Pushes sent today (Beijing day), those of an earlier process of this account today included. */
  pushesToday(nowMs?: number): number
  /** Writes the state row and reads back what operators set. */
  heartbeat(): Promise<void>
  /** Heartbeats every `intervalMs` until `stop()`. */
  start(intervalMs: number): void
  /** Stops the heartbeats, after the one in flight and a last one with today's counts. */
  stop(): Promise<void>
  /** The state the row would say now. */
  state(): { readonly state: AccountState; readonly reason: string | null; readonly paused: boolean }
}

type LimitCause = Exclude<TroubleCause, 'logged-out'>
const STORED_CAUSE = /^(rate-limited|account-risk|failures): /

/**
 * Keeps one account's health in memory and in `bot_accounts`. Trouble —
 * a logout, a send refused with WeChat's rate-limit or account warning, or
 * `failureLimit` failed sends in a row — pauses the account's pushes at once
 * (replies and notices go on while it can send) and records one notice per
 * operator in `notice_outbox`, keyed by account, cause and hour so a cause
 * is told at most once an hour. A limited account stays limited across
 * restarts until an operator resumes it (恢复账号); a logout clears at the
 * next login.
 */
export function createAccountMonitor(options: AccountMonitorOptions): AccountMonitor {
  const { db, account } = options
  const now = options.now ?? Date.now
  let connected = false
  let logoutReason: string | null = null
  /** The bot's own pause (rate limit, account warning, failures in a row): cleared only by an operator's 恢复账号. */
  let limited: { cause: LimitCause; detail: string } | undefined
  let streak: FailureStreak = { count: 0 }
  let settings: OperatorSettings | undefined
  let loaded = false
  let sentDay = beijingDate(now())
  let sentToday: Record<SendKind, number> = { reply: 0, notification: 0, push: 0 }
  let timer: ReturnType<typeof setInterval> | undefined
  let inFlight: Promise<void> = Promise.resolve()

  const stateNow = (): { state: AccountState; reason: string | null } => {
    if (limited) return { state: 'limited', reason: `${limited.cause}: ${limited.detail}` }
    if (!connected) return { state: 'logged-out', reason: logoutReason }
    return { state: 'logged-in', reason: null }
  }

  const counts = (nowMs = now()): SentToday => {
    const today = beijingDate(nowMs)
    if (today !== sentDay) {
      sentDay = today
      sentToday = { reply: 0, notification: 0, push: 0 }
    }
    return { ...sentToday }
  }

  /** A limited row left by an earlier process is this process's pause too, until an operator resumes it. */
  const load = async (trx: Kysely<Database>): Promise<void> => {
    if (loaded) return
    const row = await findAccount(trx, account)
    loaded = true
    if (!row) return
    settings = { paused: row.paused, pausedReason: row.paused_reason, resumedAt: row.resumed_at, firstSeenAt: row.first_seen_at }
    // An earlier process of this account sent these today: they count against today's cap here too.
    counts()
    if (row.sent_day === sentDay) {
      const earlier = row.sent_today as SentToday
      for (const kind of SEND_KINDS) sentToday[kind] += earlier[kind] ?? 0
    }
    const stored = STORED_CAUSE.exec(row.state_reason ?? '')
    if (row.state === 'limited' && !limited) {
      limited = { cause: (stored?.[1] as LimitCause | undefined) ?? 'failures', detail: (row.state_reason ?? '').replace(STORED_CAUSE, '') }
    }
  }

  const apply = (next: OperatorSettings): void => {
    const resumed = settings !== undefined && next.resumedAt !== null && next.resumedAt.getTime() !== settings.resumedAt?.getTime()
    settings = next
    if (resumed && limited) {
      log.info('account resumed by an operator', { account, was: limited.cause })
      limited = undefined
      streak = { count: 0 }
    }
  }

  const write = async (trx: Kysely<Database>): Promise<void> => {
    await load(trx)
    const { state, reason } = stateNow()
    const backlog = options.backlog ? await options.backlog().catch(() => 0) : 0
    apply(await writeAccountState(trx, { name: account, state, stateReason: reason, sentDay, sentToday: counts(), backlog }))
  }

  /** Records one notice per operator (unless the same cause's notice of this hour still waits) with the state row, in one transaction. */
  const tell = async (cause: TroubleCause, detail: string): Promise<void> => {
    const text = troubleNoticeText(account, cause, detail)
    log.warn('account pushes paused', { account, cause, detail, operatorsTold: options.operators.length })
    const hour = new Date(now()).toISOString().slice(0, 13)
    await db.transaction().execute(async (trx) => {
      const notices: Notice[] = []
      for (const operator of options.operators) {
        const dedupeKey = `account-trouble:${account}:${cause}:${hour}:${operator}`
        if (!(await noticePending(trx, dedupeKey))) notices.push({ contactId: operator, text, dedupeKey })
      }
      await recordNotices(trx, notices)
      await write(trx)
    })
  }

  const serially = (what: string, run: () => Promise<void>): Promise<void> => {
    const next = inFlight.then(run).catch((error: unknown) => log.warn(`account monitor: ${what} failed`, { account, error }))
    inFlight = next
    return next
  }

  return {
    loggedIn: () => {
      connected = true
      logoutReason = null
      return serially('login', () => write(db))
    },
    loggedOut: (reason) => {
      const was = connected
      connected = false
      logoutReason = reason ?? '微信会话已结束'
      const detail = logoutReason
      return serially('logout', () => (was ? tell('logged-out', detail) : write(db)))
    },
    sent: (kind) => {
      counts()
      sentToday[kind] += 1
      streak = afterSend(streak, { ok: true }, options.failureLimit).streak
    },
    sendFailed: (error) => {
      const result = afterSend(streak, { ok: false, error }, options.failureLimit)
      streak = result.streak
      const cause = result.trouble
      // Already limited: a rate limit after an account warning (or failures after either) says nothing new.
      if (!cause || cause === 'logged-out' || limited?.cause === cause || (limited && cause === 'failures')) return Promise.resolve()
      const text = errorText(error).slice(0, 80)
      const detail = cause === 'failures' ? `${streak.count} 次，最后一次：${text}` : text
      // The pause takes effect now, before anything is awaited; the notice and the row follow.
      limited = { cause, detail }
      return serially('pause', () => tell(cause, detail))
    },
    pushesAllowed: () => connected && limited === undefined && settings?.paused !== true,
    dailyPushCap: (nowMs = now()) => {
      if (!options.warmup) return options.dailyCap
      const firstSeen = settings?.firstSeenAt.getTime() ?? nowMs
      return warmupCap(daysBetween(firstSeen, nowMs), { ...options.warmup, max: options.dailyCap })
    },
    pushesToday: (nowMs = now()) => counts(nowMs).push ?? 0,
    heartbeat: () => serially('heartbeat', () => write(db)),
    start: (intervalMs) => {
      if (timer) return
      timer = setInterval(() => void serially('heartbeat', () => write(db)), intervalMs)
      timer.unref()
    },
    stop: async () => {
      if (timer) clearInterval(timer)
      timer = undefined
      // A last write keeps today's counts for the next process of this account (its push cap goes on from them).
      await serially('final heartbeat', () => write(db))
    },
    state: () => ({ ...stateNow(), paused: settings?.paused === true }),
  }
}
