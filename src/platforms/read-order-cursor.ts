import type { z } from 'zod'
import type { Platform } from '../links/parsed-link.js'
import { PlatformRequestError } from './platform-errors.js'

/**
 * An adapter's opaque order cursor (JSON it issued) read back against its
 * schema. The adapter then checks that it belongs to the window asked for.
 * @throws PlatformRequestError for text that is not JSON or not such a cursor
 */
export function readOrderCursor<T>(platform: Platform, text: string, schema: z.ZodType<T>): T {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) throw new PlatformRequestError(platform, `not a ${platform} order cursor: ${text.slice(0, 80)}`)
  return parsed.data
}
