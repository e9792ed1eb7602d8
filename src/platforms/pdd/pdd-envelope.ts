import { z } from 'zod'
import { PlatformResponseError } from '../platform-errors.js'
import { pddErrorFor } from './pdd-error.js'

const idSchema = z.union([z.string(), z.number()])

const errorResponseSchema = z.object({
  error_code: idSchema,
  error_msg: z.string().nullish(),
  // Seen both as "10000" and 10000 in recorded responses.
  sub_code: idSchema.nullish(),
  sub_msg: z.string().nullish(),
  request_id: idSchema.nullish(),
})

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ')
}

/**
 * Reads a PDD gateway answer: an `error_response` becomes the matching typed
 * error, anything that is not a JSON object a PlatformResponseError; otherwise
 * the body (whose root key depends on the method) is returned for the caller to parse.
 */
export function readPddEnvelope(method: string, body: unknown): Readonly<Record<string, unknown>> {
  if (!isRecord(body)) throw new PlatformResponseError('pdd', `pdd ${method}: the answer is not a JSON object`)
  if ('error_response' in body) {
    const parsed = errorResponseSchema.safeParse(body.error_response)
    if (!parsed.success) {
      throw new PlatformResponseError('pdd', `pdd ${method}: unreadable error_response (${describeIssues(parsed.error)})`)
    }
    throw pddErrorFor(method, parsed.data)
  }
  return body
}

/** Validates the method's root object (e.g. `goods_search_response`); a bad shape is a PlatformResponseError. */
export function parsePddResult<T>(
  method: string,
  body: Readonly<Record<string, unknown>>,
  rootKey: string,
  schema: z.ZodType<T>,
): T {
  if (!(rootKey in body)) {
    const keys = Object.keys(body).slice(0, 5).join(', ') || 'none'
    throw new PlatformResponseError('pdd', `pdd ${method}: the answer has no ${rootKey} (keys: ${keys})`)
  }
  const parsed = schema.safeParse(body[rootKey])
  if (!parsed.success) {
    throw new PlatformResponseError('pdd', `pdd ${method}: unexpected ${rootKey} (${describeIssues(parsed.error)})`)
  }
  return parsed.data
}
