import { z } from 'zod'
import { PlatformRequestError, PlatformResponseError } from '../platform-errors.js'
import { classifyBusinessError, topError } from './taobao-error.js'

const codeField = z.union([z.number(), z.string()])

const ErrorResponse = z.object({
  code: codeField,
  msg: z.string().optional(),
  sub_code: z.string().optional(),
  sub_msg: z.string().optional(),
  request_id: z.string().optional(),
})

const BizError = z.object({
  biz_error_code: codeField.optional(),
  biz_error_desc: z.string().optional(),
  result_msg: z.string().optional(),
})

type JsonObject = Record<string, unknown>

/** `taobao.tbk.tpwd.create` → `tbk_tpwd_create_response`. */
export function responseRootKey(method: string): string {
  return `${method.replace(/^taobao\./, '').replaceAll('.', '_')}_response`
}

/**
 * The success root of a TOP answer, after turning `error_response` and
 * business errors reported inside the success envelope into typed errors.
 */
export function readTaobaoEnvelope(method: string, body: unknown): JsonObject {
  if (!isObject(body)) throw new PlatformResponseError('taobao', `${method}: the gateway answered ${typeof body}, not an object`)
  if ('error_response' in body) {
    const error = ErrorResponse.safeParse(body.error_response)
    if (!error.success) {
      throw new PlatformResponseError('taobao', `${method}: unreadable error_response: ${z.prettifyError(error.error)}`)
    }
    const { code, msg, sub_code: subCode, sub_msg: subMsg, request_id: requestId } = error.data
    throw topError(method, { code, msg, subCode, subMsg, requestId })
  }
  const key = responseRootKey(method)
  const root = body[key]
  if (!isObject(root)) throw new PlatformResponseError('taobao', `${method}: the answer has no ${key}`)
  throwOnBizError(method, root)
  return root
}

/** Some tbk APIs answer "success" with `biz_error_code` at the root or inside `data`. */
function throwOnBizError(method: string, root: JsonObject): void {
  for (const candidate of [root, root.data]) {
    const parsed = BizError.safeParse(candidate)
    if (!parsed.success) continue
    const code = parsed.data.biz_error_code
    if (code === undefined || code === '' || Number(code) === 0) continue
    const msg = parsed.data.biz_error_desc ?? parsed.data.result_msg
    const requestId = requestIdOf(root)
    throw topError(method, { code, msg, requestId }, classifyBusinessError(msg ?? '') ?? PlatformRequestError)
  }
}

/** Validates a success root against a method's schema; a mismatch is the platform's answer we cannot read. */
export function parseTaobaoRoot<T extends z.ZodType>(method: string, schema: T, root: JsonObject): z.output<T> {
  const parsed = schema.safeParse(root)
  if (parsed.success) return parsed.data
  const requestId = requestIdOf(root)
  throw new PlatformResponseError(
    'taobao',
    `${method}: unexpected response shape${requestId ? ` (request_id ${requestId})` : ''}: ${z.prettifyError(parsed.error)}`,
    { requestId },
  )
}

export function requestIdOf(root: JsonObject): string | undefined {
  return typeof root.request_id === 'string' ? root.request_id : undefined
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
