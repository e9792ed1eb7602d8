import { token } from '../sim-hash.js'
import type { SimResponse } from '../sim-platform.js'
import type { SimState } from '../sim-state.js'

/** TOP's request ids look like `15rt4a3ob2xvd`; any seed gives a stable one. */
export function topRequestId(seed: string | number): string {
  return token(`tb-request:${seed}`, 13).toLowerCase()
}

/** `taobao.tbk.tpwd.create` → `tbk_tpwd_create_response`. */
export function topRootKey(method: string): string {
  return `${method.replace(/^taobao\./, '').replaceAll('.', '_')}_response`
}

export function topSuccess(method: string, requestId: string, payload: Record<string, unknown>): SimResponse {
  return { status: 200, body: { [topRootKey(method)]: { ...payload, request_id: requestId } } }
}

export interface TopErrorSpec {
  readonly code: number
  readonly msg: string
  readonly subCode?: string
  readonly subMsg?: string
}

/** TOP answers errors with HTTP 200 and an `error_response`. */
export function topError(requestId: string, spec: TopErrorSpec): SimResponse {
  return {
    status: 200,
    body: {
      error_response: {
        code: spec.code,
        msg: spec.msg,
        ...(spec.subCode === undefined ? {} : { sub_code: spec.subCode }),
        ...(spec.subMsg === undefined ? {} : { sub_msg: spec.subMsg }),
        request_id: requestId,
      },
    },
  }
}

/** The gateway-level errors the simulator produces, with TOP's codes and wording. */
export const TOP_ERRORS = {
  callLimited: { code: 7, msg: 'App Call Limited', subCode: 'accesscontrol.limited', subMsg: 'This ban will last for 1 more seconds' },
  remoteServiceError: { code: 15, msg: 'Remote service error', subCode: 'isp.remote-service-error', subMsg: '服务暂时不可用，请稍后重试' },
  missingMethod: { code: 21, msg: 'Missing method' },
  invalidMethod: { code: 22, msg: 'Invalid method' },
  invalidFormat: { code: 23, msg: 'Invalid format' },
  missingSignature: { code: 24, msg: 'Missing signature' },
  invalidSignature: { code: 25, msg: 'Invalid signature' },
  missingAppKey: { code: 28, msg: 'Missing app key' },
  invalidAppKey: { code: 29, msg: 'Invalid app key' },
  missingTimestamp: { code: 30, msg: 'Missing timestamp' },
  invalidTimestamp: { code: 31, msg: 'Invalid timestamp' },
  missingVersion: { code: 32, msg: 'Missing version' },
  unsupportedVersion: { code: 34, msg: 'Unsupported version' },
} as const satisfies Record<string, TopErrorSpec>

/**
 * TOP's business refusals the tbk APIs answer as `error_response`, with the
 * codes and wording of public captures.
 */
export const TBK_ERRORS = {
  /** pea-cake/tbk isv.item-not-exist wording as bots log it; TOP error table copies of taobao.tbk.privilege.get. */
  itemNotExist: { code: 15, msg: 'Remote service error', subCode: 'isv.item-not-exist', subMsg: '该item_id对应宝贝已下架或非淘客宝贝' },
  /** TOP error table copies (privilege.get): the adzone belongs to another account. */
  pidNotCorrect: { code: 15, msg: 'Remote service error', subCode: 'isv.pid-not-correct', subMsg: 'site_id或adzone_id与登录账号不匹配' },
  /** evendevil66/taolefan#5: converting by a numeric item id. */
  numericIdConvert: { code: 15, msg: 'Remote service error', subCode: '-4003', subMsg: '根据联盟政策要求，不允许数字id转链，请使用新商品id' },
  /** pea-cake/tbk#10: item info for a numeric item id. */
  numericIdInfo: {
    code: 15,
    msg: 'Remote service error',
    subCode: '-4003',
    subMsg: '您输入的商品ID不合法，请使用升级后的新商品ID，如有疑问请加入【淘宝联盟】线上合规升级咨询群进行咨询',
  },
} as const satisfies Record<string, TopErrorSpec>

/**
 * An adzone of another member: the simulated account owns every other
 * numeric adzone id, so tests and the terminal can reach isv.pid-not-correct.
 */
export const FOREIGN_ADZONE_ID = '999999999'

export const missingArgument = (name: string): TopErrorSpec => ({ code: 40, msg: `Missing required arguments:${name}` })
export const invalidArgument = (name: string): TopErrorSpec => ({ code: 41, msg: `Invalid arguments:${name}` })

/**
 * Per-material results of 万能转链. The wording is what bots report; the
 * numeric codes are the simulator's own (TOP documents only `code`/`msg`).
 */
export const MATERIAL_ERRORS = {
  unparseable: { code: 10001, msg: '链接无法解析' },
  expiredLink: { code: 10002, msg: '链接已失效' },
  expiredCode: { code: 10002, msg: '口令已失效' },
  notPromotable: { code: 10000, msg: '该item_id对应宝贝已下架或非淘客宝贝' },
} as const

/** One TOP API inside the simulator; system params are already verified. */
export type TopHandler = (params: Readonly<Record<string, string>>, state: SimState, requestId: string) => SimResponse
