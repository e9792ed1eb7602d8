const UNITS: Readonly<Record<string, number>> = { '': 1, 千: 1_000, k: 1_000, K: 1_000, 万: 10_000, w: 10_000, W: 10_000, 亿: 100_000_000 }

const SALES_TIP = /(\d+(?:\.\d+)?)\s*(千|万|亿|[kKwW])?/

/**
 * PDD's `sales_tip` ("2345", "1.2万", "10万+", "已拼3.5万件") → a number of
 * sales, taking "10万+" as its floor, 100000. Anything without a number is 0:
 * sales only rank deals, so an unreadable tip must not drop one.
 */
export function parsePddSalesTip(tip: string | null | undefined): number {
  const match = SALES_TIP.exec(tip ?? '')
  if (!match) return 0
  const [, amount = '0', unit = ''] = match
  // Rounded: 1.15 × 10000 is 11499.999… in floating point.
  return Math.round(Number(amount) * (UNITS[unit] ?? 1))
}
