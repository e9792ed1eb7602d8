import { z } from 'zod'

/**
 * TOP wraps lists by element type (`{ map_data: [...] }`, `{ tbk_item_detail: [...] }`)
 * and sometimes sends them bare; an absent list is an empty one.
 */
export function topList<T extends z.ZodType>(item: T) {
  return z.preprocess(unwrapList, z.array(item))
}

function unwrapList(value: unknown): unknown {
  if (value === undefined || value === null) return []
  if (Array.isArray(value) || typeof value !== 'object') return value
  const inner = Object.values(value).find((entry) => Array.isArray(entry))
  return inner ?? (Object.keys(value).length === 0 ? [] : value)
}
