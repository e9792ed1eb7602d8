export interface PacingInput {
  /** When the previous send started (ms epoch); undefined before the first send. */
  readonly lastSentAt: number | undefined
  readonly now: number
  readonly minGapMs: number
  readonly jitterMs: number
  /** In [0, 1); injected so tests are deterministic. */
  readonly random: () => number
}

/**
 * How long to wait before the next send so consecutive sends are at least
 * `minGapMs + random() * jitterMs` apart. WeChat limits or bans accounts that
 * send at a steady fast rate; the jitter keeps the rhythm from looking scripted.
 * 0 before the first send or when the gap has already passed; never negative,
 * even if the clock went backwards, and never more than one full gap.
 */
export function sendDelayMs(input: PacingInput): number {
  if (input.lastSentAt === undefined) return 0
  const gap = input.minGapMs + input.random() * input.jitterMs
  const elapsed = Math.max(0, input.now - input.lastSentAt)
  return Math.max(0, Math.ceil(gap - elapsed))
}
