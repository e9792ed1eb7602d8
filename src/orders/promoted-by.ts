/** How far our clock may run ahead of a platform's (configurable: ATTRIBUTION_CLOCK_SKEW_SECONDS). */
export const DEFAULT_CLOCK_SKEW_MS = 30_000

/**
 * The latest time a promo link may have been given and still count as
 * given before the payment at `paidAt`. Platforms report payment times to
 * the whole second (Taobao, JD) while our links carry milliseconds, and two
 * clocks never agree exactly: a link given in the second of the payment, or
 * a little "after" it by our clock, was given before it.
 */
export function promotedBy(paidAt: Date, clockSkewMs: number = DEFAULT_CLOCK_SKEW_MS): Date {
  return new Date(paidAt.getTime() + 999 + clockSkewMs)
}

/** The same allowance as an SQL interval length, in milliseconds, for queries comparing in the database. */
export function promotedByAllowanceMs(clockSkewMs: number = DEFAULT_CLOCK_SKEW_MS): number {
  return 999 + clockSkewMs
}
