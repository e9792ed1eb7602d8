import { z } from 'zod'
import type { OutboxKind } from '../queue/payloads.js'
import { sendDelayMs } from './pacing.js'

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM between 00:00 and 23:59')

/** A daily window in Beijing time, start inclusive, end exclusive; `22:30`–`08:00` wraps midnight. */
export const QuietHoursSchema = z
  .object({ start: HHMM, end: HHMM })
  .refine((hours) => hours.start !== hours.end, 'start and end must differ')
export type QuietHours = z.infer<typeof QuietHoursSchema>

/** What happens to a push due during quiet hours. */
export type QuietMode = 'drop' | 'defer'

export type WaitReason = 'account-gap' | 'room-gap' | 'quiet-hours'
export type DropReason = 'daily-cap' | 'quiet-hours'

export type SendDecision =
  | { readonly action: 'send' }
  | { readonly action: 'wait'; readonly untilMs: number; readonly reason: WaitReason }
  | { readonly action: 'drop'; readonly reason: DropReason }

export interface SendPolicyInput {
  readonly kind: OutboxKind
  /** Pictures following a copy already sent: part of that push, so neither quiet hours, the cap nor the room gap hold them. */
  readonly following?: boolean
  readonly nowMs: number
  /** When the account's previous send started; undefined before the first. */
  readonly lastSentAtMs: number | undefined
  /** When the previous send to this message's conversation started; undefined if none is remembered. */
  readonly lastSentToConversationMs: number | undefined
  /** Pushes already sent on the Beijing day of `nowMs` (replies and notifications do not count against the push cap). */
  readonly pushesToday: number
  readonly minGapMs: number
  readonly jitterMs: number
  /** In [0, 1); drawn at most once, and not for a push held back by quiet hours or the cap. */
  readonly random: () => number
  /** 0 turns the per-conversation gap off. */
  readonly minRoomGapMs: number
  /** Undefined means no cap. */
  readonly dailyCap: number | undefined
  readonly quietHours: QuietHours | undefined
  readonly quietMode: QuietMode
}

// China has kept UTC+8 without daylight saving since 1991.
const BEIJING_OFFSET_MS = 8 * 3_600_000
const DAY_MS = 86_400_000
const MINUTE_MS = 60_000

const mod = (n: number, m: number): number => ((n % m) + m) % m

/** Days since 1970-01-01 in Beijing time: equal for two instants on the same Beijing calendar day. */
export function beijingDay(ms: number): number {
  return Math.floor((ms + BEIJING_OFFSET_MS) / DAY_MS)
}

/** Validates quiet hours once (at startup) so `decideSend` never sees a bad window. */
export function parseQuietHours(value: unknown): QuietHours {
  const parsed = QuietHoursSchema.safeParse(value)
  if (!parsed.success) throw new RangeError(`invalid quietHours: ${z.prettifyError(parsed.error)}`)
  return parsed.data
}

const minutesOf = (hhmm: string): number => {
  const parsed = HHMM.safeParse(hhmm)
  if (!parsed.success) throw new RangeError(`invalid quiet-hours time ${JSON.stringify(hhmm)}`)
  const [hours = 0, minutes = 0] = parsed.data.split(':').map(Number)
  return hours * 60 + minutes
}

/** The end of the quiet period `nowMs` falls in, or undefined when it is not quiet. */
export function quietUntilMs(hours: QuietHours, nowMs: number): number | undefined {
  const intoDay = mod(nowMs + BEIJING_OFFSET_MS, DAY_MS)
  const start = minutesOf(hours.start) * MINUTE_MS
  const end = minutesOf(hours.end) * MINUTE_MS
  const quiet = start < end ? intoDay >= start && intoDay < end : intoDay >= start || intoDay < end
  return quiet ? nowMs + mod(end - intoDay, DAY_MS) : undefined
}

/**
 * Whether the outbox may send this message now. Rules, in order:
 * quiet hours hold back pushes only (a deferred push is counted against the
 * day it is finally sent, so quiet hours are checked before the cap); the
 * daily cap drops pushes only, because a reply or notification is owed to
 * someone; then every kind respects the per-conversation gap and the account
 * gap with jitter (`sendDelayMs`), and the wait names whichever ends later.
 * Waits never exceed one gap, even when the clock went backwards. Pictures
 * following a sent copy wait only for the account gap.
 */
export function decideSend(input: SendPolicyInput): SendDecision {
  const { nowMs } = input
  const following = input.following === true
  // What holds a push back does not hold the pictures after it: the push itself went.
  const kind = following ? 'reply' : input.kind
  if (kind === 'push' && input.quietHours !== undefined) {
    const untilMs = quietUntilMs(input.quietHours, nowMs)
    if (untilMs !== undefined) {
      return input.quietMode === 'drop' ? { action: 'drop', reason: 'quiet-hours' } : { action: 'wait', untilMs, reason: 'quiet-hours' }
    }
  }
  if (kind === 'push' && input.dailyCap !== undefined && input.pushesToday >= input.dailyCap) {
    return { action: 'drop', reason: 'daily-cap' }
  }
  const accountUntilMs =
    nowMs + sendDelayMs({ lastSentAt: input.lastSentAtMs, now: nowMs, minGapMs: input.minGapMs, jitterMs: input.jitterMs, random: input.random })
  const lastToRoom = input.lastSentToConversationMs
  const roomUntilMs = lastToRoom === undefined || input.minRoomGapMs <= 0 || following ? nowMs : Math.min(lastToRoom, nowMs) + input.minRoomGapMs
  // A room gap ending within the account gap is served by waiting for the account gap.
  if (roomUntilMs > accountUntilMs) return { action: 'wait', untilMs: roomUntilMs, reason: 'room-gap' }
  return accountUntilMs > nowMs ? { action: 'wait', untilMs: accountUntilMs, reason: 'account-gap' } : { action: 'send' }
}
