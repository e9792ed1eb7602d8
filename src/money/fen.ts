/** Integer fen → "12.34" (yuan with two decimals). */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(fen))
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/**
 * A decimal yuan amount as the platforms send it ("12.3", "0.05", 12.3) →
 * integer fen, rounded half-up at the fen. Returns null for anything that is
 * not a finite, plain decimal number.
 */
export function yuanToFen(value: string | number): number | null {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? value.toFixed(6) : '') : value.trim()
  const match = /^(-?)(\d{1,12})(?:\.(\d+))?$/.exec(text)
  if (!match) return null
  const [, sign, whole, frac = ''] = match
  const cents = Number(whole) * 100 + Number((frac + '00').slice(0, 2))
  const roundUp = (frac[2] ?? '0') >= '5' ? 1 : 0
  const fen = cents + roundUp
  return sign === '-' ? -fen : fen
}

/**
 * Basis points (1/10000) of an amount in fen, rounded down: commissions never
 * overstate. Exact for every safe integer: the amount is split at 10,000 so
 * no intermediate product passes 2^53 (a plain `amount × rate` does from
 * about ¥9 billion and may then round up by a fen).
 */
export function applyRateBp(amountFen: number, rateBp: number): number {
  const below = ((amountFen % 10_000) + 10_000) % 10_000
  const tenThousands = (amountFen - below) / 10_000
  return tenThousands * rateBp + Math.floor((below * rateBp) / 10_000)
}

/** Integer fen → "¥12.34", as every chat message shows money. */
export function yuan(fen: number): string {
  return `¥${formatYuan(fen)}`
}
