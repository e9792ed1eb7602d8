/**
 * A withdrawal amount as a user types it — "12", "12.5", "¥12.50", "12元" —
 * in fen; undefined for anything else: negative, zero, more than two
 * decimals, exponents, or more than one million yuan.
 */
export function parseYuanAmount(text: string): number | undefined {
  const cleaned = text.trim().replace(/^[¥￥]/, '').replace(/(元|块)$/, '').trim()
  const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(cleaned)
  if (!match) return undefined
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
  return fen > 0 && fen <= 100_000_000 ? fen : undefined
}

export type WithdrawalRefusal = 'below-minimum' | 'insufficient' | 'daily-limit'

export interface WithdrawalFacts {
  readonly amountFen: number
  readonly availableFen: number
  readonly minimumFen: number
  readonly requestsToday: number
  readonly dailyLimit: number
}

/** The checks a 提现 request must pass, in the order a user can act on them. */
export function withdrawalRefusal(facts: WithdrawalFacts): WithdrawalRefusal | undefined {
  if (facts.requestsToday >= facts.dailyLimit) return 'daily-limit'
  if (facts.amountFen < facts.minimumFen) return 'below-minimum'
  if (facts.amountFen > facts.availableFen) return 'insufficient'
  return undefined
}

/** Start of the calendar day in China (UTC+8) that `now` falls in: daily limits reset at Beijing midnight. */
export function beijingDayStart(now: Date): Date {
  const shifted = now.getTime() + 8 * 3_600_000
  return new Date(shifted - (shifted % 86_400_000) - 8 * 3_600_000)
}
