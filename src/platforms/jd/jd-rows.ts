/**
 * A result's `data` as a list of rows. JOS sends a JSON array; the docs'
 * examples (generated from XML) wrap rows as `{"orderRowResp": {...}}` or
 * `{"goodsResp": [...]}`, so a one-key object holding a list or a row is
 * read too. Null, absent or `""` is an empty page; anything else is
 * undefined (not a list).
 */
export function jdRows(data: unknown): unknown[] | undefined {
  if (data === undefined || data === null || data === '') return []
  if (Array.isArray(data)) return data
  if (typeof data !== 'object') return undefined
  const values = Object.values(data)
  if (values.length === 0) return []
  const [only] = values
  if (values.length !== 1) return undefined
  if (Array.isArray(only)) return only
  return typeof only === 'object' && only !== null ? [only] : undefined
}
