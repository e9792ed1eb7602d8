/*
 * Pure rules of an account's health: what a failed send means, when failures
 * add up to trouble, and how many pushes a new account may send a day.
 */

/** What WeChat last said about the account. `limited` holds its pushes until an operator resumes it. */
export const ACCOUNT_STATES = ['logged-in', 'logged-out', 'limited'] as const
export type AccountState = (typeof ACCOUNT_STATES)[number]

export const SEND_KINDS = ['reply', 'notification', 'push'] as const
export type SendKind = (typeof SEND_KINDS)[number]
export type SentToday = Partial<Record<SendKind, number>>

export type SendErrorClass = 'rate-limited' | 'account-risk' | 'other'

/** Why an account's pushes were paused by the bot itself. */
export type TroubleCause = 'logged-out' | 'rate-limited' | 'account-risk' | 'failures'

/*
 * Phrases WeChat answers a refused send with, as reported by bot operators
 * (collected in docs/transports.md, "WeChat's policy signals seen by bots"):
 * 发送消息过于频繁，可稍后再试 (wechaty/wechaty#412, Urinx/WeixinBot#149),
 * 操作过于频繁，可稍后再试 (wechaty/friday#89). The shorter forms cover the
 * wordings seen elsewhere (消息发送过于频繁, 操作频繁); 账号异常 / 账号存在异常 /
 * 被限制 are the account warnings that precede bans (same page). Matching is
 * on the text, after removing whitespace, since puppets wrap it differently.
 */
const RATE_LIMITED = ['发送消息过于频繁', '消息发送过于频繁', '操作过于频繁', '操作频繁', '发送过于频繁']
const ACCOUNT_RISK = ['账号异常', '账号存在异常', '帐号异常', '帐号存在异常', '被限制', '账号被限制']

/** The text of a failed send's error, whatever was thrown. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'string') return error
  try {
    return JSON.stringify(error) ?? String(error)
  } catch {
    return String(error)
  }
}

/** Classifies a failed send by WeChat's words: an account warning wins over a rate limit. */
export function classifySendError(error: unknown): SendErrorClass {
  const text = errorText(error).replace(/\s+/g, '')
  if (ACCOUNT_RISK.some((phrase) => text.includes(phrase))) return 'account-risk'
  if (RATE_LIMITED.some((phrase) => text.includes(phrase))) return 'rate-limited'
  return 'other'
}

/** Consecutive failed sends, reset by any success. */
export interface FailureStreak {
  readonly count: number
}

/**
 * The streak after one send and whether it is trouble now: a rate limit or an
 * account warning is trouble at once; other errors after `limit` in a row.
 */
export function afterSend(
  streak: FailureStreak,
  outcome: { readonly ok: true } | { readonly ok: false; readonly error: unknown },
  limit: number,
): { readonly streak: FailureStreak; readonly trouble: TroubleCause | undefined } {
  if (outcome.ok) return { streak: { count: 0 }, trouble: undefined }
  const count = streak.count + 1
  const kind = classifySendError(outcome.error)
  if (kind !== 'other') return { streak: { count }, trouble: kind }
  return { streak: { count }, trouble: count >= limit ? 'failures' : undefined }
}

export interface WarmupOptions {
  /** Pushes allowed on the account's first day. */
  readonly start: number
  /** Added per day since the first day. */
  readonly growthPerDay: number
  /** The configured daily cap, where warm-up ends; undefined: no cap once warmed up (growth never stops). */
  readonly max: number | undefined
}

/** A new account's daily push cap: `start` on its first day, growing by `growthPerDay`, never above `max`. */
export function warmupCap(daysSinceFirstSeen: number, options: WarmupOptions): number {
  const days = Math.max(0, Math.floor(daysSinceFirstSeen))
  const grown = options.start + days * options.growthPerDay
  return options.max === undefined ? grown : Math.min(grown, options.max)
}

/** Whole days from `firstSeenMs` to `nowMs` (0 on the first day; never negative when clocks disagree). */
export function daysBetween(firstSeenMs: number, nowMs: number): number {
  return Math.max(0, Math.floor((nowMs - firstSeenMs) / 86_400_000))
}
