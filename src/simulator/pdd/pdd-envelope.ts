import type { SimResponse } from '../sim-platform.js'

/*
 * The error_response codes this gateway answers with, from the code table
 * PDD prints under every API page (返回错误码说明; e.g. the page copy of
 * pdd.ddk.oauth.rp.prom.url.generate from open.pinduoduo.com, captured
 * 2026-04; the reference's C8). Gateway errors repeat their code as
 * sub_code; business failures are 50001 业务服务错误 with the reason in
 * sub_code/sub_msg.
 */
export const PDD_SIM_ERRORS = {
  param: { code: 10000, msg: '参数错误', subCode: '10000' },
  // "公共参数错误:type" is the pages' own 异常示例 (sub_code null there).
  publicParam: { code: 10001, msg: '公共参数错误', subCode: '10001' },
  clientId: { code: 10016, msg: 'client下线或者clientId不正确', subCode: '10016' },
  sign: { code: 20004, msg: '签名sign校验失败', subCode: '20004' },
  unavailable: { code: 52103, msg: '服务暂时不可用，请稍后重试', subCode: '52103' },
  rateLimit: { code: 52101, msg: '当前接口被限流，请稍后重试', subCode: '52101' },
  /*
   * 备案 refusal, as a user pasted it (sgxiang/pdd-coupon#11) and as SDKs keep
   * it (a C# PDD client's CommonErrorResponse comment): 50001 / sub_code 60001.
   * 20001 has been seen with the same text; 60001 is the one seen most.
   */
  notRegistered: { code: 50001, msg: '业务服务错误', subCode: '60001' },
  /*
   * UNCERTAIN: no public capture shows PDD's answer for a goods outside 多多进宝
   * or a link it cannot read. A business error without a sub_code stands in;
   * the sub_msg says what happened, and the adapter reads that text.
   */
  notPromotable: { code: 50001, msg: '业务服务错误', subCode: null },
  link: { code: 50001, msg: '业务服务错误', subCode: null },
} as const

/** The 备案 refusal's sub_msg, word for word as captured (sgxiang/pdd-coupon#11). */
export const PDD_NOT_REGISTERED_SUB_MSG =
  '未传入已经授权备案过的相关参数(pid/custom_parameters), 授权备案说明链接：https://jinbao.pinduoduo.com/qa-system?questionId=204'

export type PddSimErrorKind = keyof typeof PDD_SIM_ERRORS

/** Thrown inside a handler; pdd.sim.ts turns it into the error_response. */
export class PddSimError extends Error {
  readonly kind: PddSimErrorKind
  readonly subMsg: string

  constructor(kind: PddSimErrorKind, subMsg: string) {
    super(`${PDD_SIM_ERRORS[kind].msg}: ${subMsg}`)
    this.name = this.constructor.name
    this.kind = kind
    this.subMsg = subMsg
  }
}

let requestCounter = 0

/** PDD request ids are long digit strings. */
export function pddRequestId(): string {
  requestCounter = (requestCounter + 1) % 10_000
  return `${Date.now()}${String(requestCounter).padStart(4, '0')}`
}

/** PDD answers errors with HTTP 200 and an `error_response` object. */
export function pddErrorResponse(kind: PddSimErrorKind, subMsg: string): SimResponse {
  const { code, msg, subCode } = PDD_SIM_ERRORS[kind]
  return {
    status: 200,
    body: { error_response: { error_code: code, error_msg: msg, sub_code: subCode, sub_msg: subMsg, request_id: pddRequestId() } },
  }
}

/** A success body: one method-specific root key, with the request id inside it. */
export function pddOk(rootKey: string, result: Readonly<Record<string, unknown>>): SimResponse {
  return { status: 200, body: { [rootKey]: { ...result, request_id: pddRequestId() } } }
}

const RAW_INTEGER = '\u0000int:'

/** An integer of any size that must reach the wire as a JSON number (PDD's group_id exceeds 2^53). */
export function rawInteger(digits: string): string {
  return RAW_INTEGER + digits
}

/** The body as JSON text, with every rawInteger written as a bare number. */
export function withRawIntegers(response: SimResponse): SimResponse {
  const text = JSON.stringify(response.body).replace(/"\\u0000int:(\d+)"/g, '$1')
  return { ...response, text }
}
