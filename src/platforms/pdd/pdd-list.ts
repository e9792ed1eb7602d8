import { z } from 'zod'

/**
 * A list field read liberally: an array; an object wrapping one array (the
 * XML-style `{order: […]}` some gateways render); an empty object, `""` or
 * null as no entries. Anything else fails validation.
 */
export function pddList<T extends z.ZodType>(entry: T) {
  return z.preprocess((value) => {
    if (value === null || value === undefined || value === '') return []
    if (Array.isArray(value) || typeof value !== 'object') return value
    const arrays = Object.values(value).filter(Array.isArray)
    if (arrays.length === 1) return arrays[0]
    return Object.keys(value).length === 0 ? [] : value
  }, z.array(entry))
}
