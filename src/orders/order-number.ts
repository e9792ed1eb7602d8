/**
 * An order number as users paste it: Taobao ~19 digits, JD ~12 or more,
 * Pinduoduo `YYMMDD-` + 15 digits. Spaces and full-width digits are
 * forgiven; anything else is not an order number.
 */
export function normalizeOrderNumber(text: string): string | undefined {
  const cleaned = text
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[－—]/g, '-')
    .replace(/\s+/g, '')
  return /^\d{6}-\d{15}$/.test(cleaned) || /^\d{10,22}$/.test(cleaned) ? cleaned : undefined
}
