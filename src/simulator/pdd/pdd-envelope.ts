import type { SimResponse } from '../sim-platform.js'

/*
 * The error_response codes this gateway answers with. 20004 and 10019/10016
 * are seen in recorded PDD responses; the others are UNCERTAIN stand-ins
 * (PDD's code table sits behind a developer login), mirrored in
 * src/platforms/pdd/pdd-error.ts.
 */
export const PDD_SIM_ERRORS = {
  param: { code: 10000, msg: '参数错误' },
  unknownType: { code: 10001, msg: 'type不存在' },
  clientId: { code: 10016, msg: 'client下线或者clientId不正确' },
  sign: { code: 20004, msg: '签名验证失败' },
  unavailable: { code: 50000, msg: '系统内部错误' },
  notPromotable: { code: 60001, msg: '商品不存在或已下架' },
  link: { code: 60002, msg: '链接解析失败' },
  rateLimit: { code: 70031, msg: '调用过于频繁，请调整调用频率' },
} as const

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
  const { code, msg } = PDD_SIM_ERRORS[kind]
  return {
    status: 200,
    body: { error_response: { error_code: code, error_msg: msg, sub_code: String(code), sub_msg: subMsg, request_id: pddRequestId() } },
  }
}

/** A success body: one method-specific root key, with the request id inside it. */
export function pddOk(rootKey: string, result: Readonly<Record<string, unknown>>): SimResponse {
  return { status: 200, body: { [rootKey]: { ...result, request_id: pddRequestId() } } }
}
