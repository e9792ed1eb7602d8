import { z } from 'zod'
import { PlatformResponseError } from '../platform-errors.js'
import { topError } from './taobao-error.js'

const codeField = z.union([z.number(), z.string()])

const ErrorResponse = z.object({
  code: codeField,
  msg: z.string().optional(),
  sub_code: z.string().optional(),
  sub_msg: z.string().optional(),
  request_id: z.string().optional(),
})

/**
 * Business errors inside a success envelope. general.link.convert documents
 * `biz_error_desc` as an int64 code with the text in `result_msg` (bububa/opentaobao
 * `TaobaoTbkDgGeneralLinkConvertAPIResponse.go`); order.refund.get has
 * `biz_error_code` 101–103 beside a text `biz_error_desc`. Both readings are taken.
 */
const BizError = z.object({
  biz_error_code: codeField.optional(),
  biz_error_desc: codeField.optional(),
  result_msg: z.string().optional(),
})

const NUMERIC = /^-?\d+$/

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
    const { biz_error_code: bizCode, biz_error_desc: desc, result_msg: resultMsg } = parsed.data
    const descIsCode = desc !== undefined && NUMERIC.test(String(desc).trim())
    const code = bizCode ?? (descIsCode ? desc : undefined)
    if (code === undefined || String(code).trim() === '' || Number(code) === 0) continue
    const text = [descIsCode ? undefined : desc, resultMsg].filter((part) => part !== undefined && part !== '').join(' ')
    throw topError(method, { code, msg: text || undefined, requestId: requestIdOf(root) })
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
