import { z } from 'zod'
import { parseJsonLossless } from '../parse-json.js'
import { PlatformResponseError } from '../platform-errors.js'
import { JD_EMPTY_PAGE_CODES, jdBusinessError, jdGatewayError } from './jd-errors.js'

const codeField = z.union([z.string(), z.number()]).transform(String)

const GatewayErrorSchema = z.object({
  error_response: z.object({
    code: codeField,
    zh_desc: z.string().optional(),
    en_desc: z.string().optional(),
  }),
})

const RootSchema = z.looseObject({
  code: codeField.optional(),
  zh_desc: z.string().optional(),
  en_desc: z.string().optional(),
})

const InnerSchema = z.object({
  code: z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]),
  message: z.string().optional().default(''),
  data: z.unknown().optional(),
  totalCount: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
  hasMore: z.union([z.boolean(), z.enum(['true', 'false']).transform((text) => text === 'true')]).optional(),
  requestId: z.string().optional(),
})

const GOODS_METHOD_PREFIX = 'jd.union.open.goods.'

/** The parsed `getResult` / `queryResult` of a successful call. */
export type JdResult = z.infer<typeof InnerSchema>

/**
 * Reads a JOS answer. Success is `<method dots→_>_responce` (sic; `_response`
 * in the docs, so both are accepted) holding a JSON *string* result whose own
 * `code` must be 200 (the docs' examples show the result as an object, which
 * is read alike). A goods query's 201 未查询到 / 202 分页上限 is an empty page.
 * Everything else becomes a typed PlatformError.
 */
export function readJdEnvelope(method: string, body: unknown): JdResult {
  const gatewayError = GatewayErrorSchema.safeParse(body)
  if (gatewayError.success) {
    const { code, zh_desc: zhDesc, en_desc: enDesc } = gatewayError.data.error_response
    throw jdGatewayError(method, { code, zhDesc, enDesc })
  }
  const rootName = method.replaceAll('.', '_')
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  const root = RootSchema.safeParse(record[`${rootName}_responce`] ?? record[`${rootName}_response`])
  if (!root.success) throw new PlatformResponseError('jd', `${method}: answer has no ${rootName}_responce object`)
  const resultField = `${method.slice(method.lastIndexOf('.') + 1)}Result`
  const raw = root.data[resultField] ?? Object.entries(root.data).find(([key]) => key.endsWith('Result'))?.[1]
  if (typeof raw !== 'string' && (typeof raw !== 'object' || raw === null)) {
    const { code, zh_desc: zhDesc, en_desc: enDesc } = root.data
    if (code !== undefined && code !== '0') throw jdGatewayError(method, { code, zhDesc, enDesc })
    throw new PlatformResponseError('jd', `${method}: ${rootName}_responce has no ${resultField} string`)
  }
  const inner = InnerSchema.safeParse(typeof raw === 'string' ? parseJson(raw) : raw)
  if (!inner.success) {
    throw new PlatformResponseError('jd', `${method}: unreadable ${resultField}: ${describeIssues(inner.error)}`)
  }
  if (JD_EMPTY_PAGE_CODES.has(inner.data.code) && method.startsWith(GOODS_METHOD_PREFIX)) {
    return { ...inner.data, data: [], hasMore: false }
  }
  if (inner.data.code !== 200) {
    throw jdBusinessError(method, { code: inner.data.code, message: inner.data.message, requestId: inner.data.requestId })
  }
  return inner.data
}

/** Validates a result's `data` with the method's schema; a mismatch is the platform's fault. */
export function parseJdData<T extends z.ZodType>(method: string, schema: T, result: JdResult): z.output<T> {
  const parsed = schema.safeParse(result.data)
  if (parsed.success) return parsed.data
  const request = result.requestId ? ` (request ${result.requestId})` : ''
  throw new PlatformResponseError('jd', `${method}: unexpected data${request}: ${describeIssues(parsed.error)}`, {
    requestId: result.requestId,
  })
}

function parseJson(text: string): unknown {
  try {
    return parseJsonLossless(text)
  } catch {
    return undefined
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ')
}
