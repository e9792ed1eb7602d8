import type { SimResponse } from '../sim-platform.js'
import { token } from '../sim-hash.js'
import type { SimState } from '../sim-state.js'

/**
 * Gateway-level failures, `error_response{code, zh_desc, en_desc}` with HTTP
 * 200 as JOS sends them. Codes 12, 15 and 21 are seen in real answers; the
 * missing-parameter, flow-control and back-end codes are our guesses (no
 * source lists them), so their wording is what clients should go by.
 */
export const JD_GATEWAY_ERRORS = {
  invalidSign: { code: '12', zh_desc: '无效签名', en_desc: 'Invalid signature' },
  invalidMethod: { code: '15', zh_desc: '不存在的方法名', en_desc: 'Invalid Method' },
  invalidAppKey: (appKey: string) => ({ code: '21', zh_desc: `key=${appKey} 信息无效`, en_desc: 'Invalid app_key' }),
  missingParam: (name: string) => ({ code: '5', zh_desc: `缺少必选参数${name}`, en_desc: `Missing required parameter ${name}` }),
  badParam: (name: string) => ({ code: '6', zh_desc: `参数${name}格式不正确`, en_desc: `Malformed parameter ${name}` }),
  flowLimit: { code: '45', zh_desc: '调用频率超过限制，请稍后再试', en_desc: 'Call frequency limit exceeded' },
  unavailable: { code: '66', zh_desc: '平台连接后端服务不可用', en_desc: 'Backend service unavailable' },
} as const

export interface JdGatewayErrorBody {
  readonly code: string
  readonly zh_desc: string
  readonly en_desc: string
}

export function jdGatewayErrorResponse(error: JdGatewayErrorBody): SimResponse {
  return { status: 200, body: { error_response: error } }
}

/** What a method handler answers: the inner result before it is stringified. */
export type JdInnerResult =
  | { readonly code: 200; readonly data: unknown; readonly totalCount?: number; readonly hasMore?: boolean }
  | { readonly code: number; readonly message: string }

export const jdOk = (data: unknown, page?: { totalCount: number; hasMore: boolean }): JdInnerResult => ({
  code: 200,
  data,
  ...page,
})

export const jdFail = (code: number, message: string): JdInnerResult => ({ code, message })

/** JD Union's answer for a bad business parameter (our choice of code; real ones vary per API). */
export const jdParamError = (detail: string): JdInnerResult => jdFail(400, `参数错误：${detail}`)

/**
 * The success envelope: `<method dots→_>_responce` (sic) whose `getResult` or
 * `queryResult` is the inner result as a JSON *string*.
 */
export function jdResultResponse(method: string, inner: JdInnerResult, state: SimState): SimResponse {
  const sequence = state.nextSequence()
  const requestId = `o_${token(`jd-request:${sequence}`, 8)}_${sequence}`
  const message = 'message' in inner ? inner.message : 'success'
  const resultField = `${method.slice(method.lastIndexOf('.') + 1)}Result`
  return {
    status: 200,
    body: {
      [`${method.replaceAll('.', '_')}_responce`]: {
        code: '0',
        [resultField]: JSON.stringify({ ...inner, message, requestId }),
      },
    },
  }
}
