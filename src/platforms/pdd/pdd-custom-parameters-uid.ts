/**
 * The `uid` our promo link put into `custom_parameters`, as an order echoes
 * it. PDD sends the JSON as text; anything unreadable (malformed JSON, no
 * uid, another promoter's free-form text) means no attribution, never a
 * rejected row: the order is still ours to record.
 */
export function uidFromCustomParameters(value: unknown): string | null {
  let parsed: unknown = value
  if (typeof value === 'string') {
    if (value.trim() === '') return null
    try {
      parsed = JSON.parse(value)
    } catch {
      return null
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null
  const uid = (parsed as { uid?: unknown }).uid
  if (typeof uid === 'string') return uid.trim() === '' ? null : uid
  // Some callers put numeric user ids in uid; they are still the same id as text.
  return typeof uid === 'number' && Number.isSafeInteger(uid) ? String(uid) : null
}
