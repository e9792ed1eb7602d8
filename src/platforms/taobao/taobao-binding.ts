import { z } from 'zod'
import { PlatformRequestError, PlatformResponseError } from '../platform-errors.js'
import { optionalText } from './taobao-fields.js'

/*
 * Binding a shopper as the operator's 渠道 (relation_id), in three TOP calls:
 * the shopper's OAuth code → their session (top.auth.token.create), the
 * operator's 渠道 invite code (tbk.sc.invitecode.get), the shopper's 备案
 * under that code (tbk.sc.publisher.info.save). Reference §1.7g, C4.
 */

export const TOKEN_CREATE_METHOD = 'taobao.top.auth.token.create'
export const INVITE_CODE_METHOD = 'taobao.tbk.sc.invitecode.get'
export const PUBLISHER_SAVE_METHOD = 'taobao.tbk.sc.publisher.info.save'

/** Taobao's OAuth 2.0 authorize page (open.taobao.com doc 102635, copied at open.alitrip.com articleId=118). */
export const TAOBAO_OAUTH_URL = 'https://oauth.taobao.com/authorize'

/**
 * `relation_app=common` 通用备案. `code_type` 1 = 渠道邀请, the code whose 备案
 * yields a `relation_id`; 3 = 会员邀请 yields a `special_id` instead
 * (bububa/opentaobao metadata taobao_tbk_sc_invitecode_get.json: "1 - 渠道邀请，
 * 2 - 渠道裂变，3 -会员邀请"; a public Python TOP client: "code type:1 => 渠道邀请,
 * code type:3 => 会员邀请" with `info_type=1`). We store and send relation_id,
 * so we ask for the 渠道 code.
 */
export const INVITE_CODE_PARAMS = { relation_app: 'common', code_type: 1 } as const

/** `info_type` 1 = 渠道信息 (2 = 会员信息), per publisher.info.get's documented values. */
export const PUBLISHER_INFO_TYPE = 1

/** TOP's session errors (26 Missing session, 27 Invalid session) on a call made with the shopper's token. */
const SESSION_CODES = new Set([26, 27])
const SESSION_SUB = /session/i

/** Taobao refused the OAuth code: unknown, already exchanged or expired. The shopper must authorize again. */
export class TaobaoAuthorizationCodeError extends PlatformRequestError {}

/**
 * Taobao refused to register the shopper under our invite code (their
 * session is not valid for it, the code is not accepted, a risk rule…).
 */
export class TaobaoBindingRefusedError extends PlatformRequestError {}

/** Whether a TOP error is about the session sent with the call (the shopper's token, for publisher.info.save). */
export function isSessionError(code: string | number | undefined, subCode: string | undefined): boolean {
  return SESSION_CODES.has(Number(code)) || SESSION_SUB.test(subCode ?? '')
}

export const TokenCreateRoot = z.object({ token_result: z.string().min(1), request_id: z.string().optional() })

/**
 * `token_result` is a JSON text with the fields of oauth.taobao.com/token
 * (bububa/opentaobao TaobaoTopAuthTokenCreateAPIResponse.go). Captures differ:
 * the official example has `user_id`/`user_nick`; a 2018 capture
 * (Netnr.Login TaoBao entity; a C# client's test string) has no user id, an
 * encrypted URL-encoded `taobao_user_nick` and `taobao_open_uid`; the OAuth
 * doc lists `taobao_user_id`. Only `access_token` is relied on.
 */
const TokenResult = z.object({
  access_token: z.string().min(1),
  taobao_user_id: optionalText,
  user_id: optionalText,
  taobao_open_uid: optionalText,
  open_uid: optionalText,
  taobao_user_nick: optionalText,
  user_nick: optionalText,
  expire_time: z.preprocess((value) => (value === '' || value === null ? undefined : value), z.coerce.number().optional()),
})

export interface TaobaoUserToken {
  /** The shopper's session for TOP calls made on their behalf. */
  readonly accessToken: string
  /** Taobao's id for the shopper (user id, else open uid), when the answer carries one. */
  readonly taobaoUserId: string | undefined
  readonly nick: string | undefined
  readonly expiresAt: Date | undefined
}

export function toUserToken(method: string, root: z.output<typeof TokenCreateRoot>): TaobaoUserToken {
  let parsed: unknown
  try {
    parsed = JSON.parse(root.token_result)
  } catch {
    throw new PlatformResponseError('taobao', `${method}: token_result is not JSON`, { requestId: root.request_id })
  }
  const result = TokenResult.safeParse(parsed)
  if (!result.success) {
    throw new PlatformResponseError('taobao', `${method}: unexpected token_result: ${z.prettifyError(result.error)}`, {
      requestId: root.request_id,
    })
  }
  const token = result.data
  const nick = token.taobao_user_nick ?? token.user_nick
  return {
    accessToken: token.access_token,
    taobaoUserId: token.taobao_user_id ?? token.user_id ?? token.taobao_open_uid ?? token.open_uid,
    nick: nick === undefined ? undefined : safeDecode(nick),
    expiresAt: token.expire_time === undefined ? undefined : new Date(token.expire_time),
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

export const InviteCodeRoot = z.object({ data: z.object({ inviter_code: z.string().min(1) }), request_id: z.string().optional() })

// Ids are JSON numbers (a 16+ digit one arrives as a string: platforms/parse-json.ts).
const relationIdField = z.preprocess(
  (value) => (value === '' || value === null || value === 0 || value === '0' ? undefined : value),
  z.union([z.number().int().positive(), z.string().regex(/^\d{1,20}$/)]).transform(String).optional(),
)

export const PublisherSaveRoot = z.object({
  data: z.object({
    relation_id: relationIdField,
    special_id: relationIdField,
    account_name: optionalText,
    desc: optionalText,
  }),
  request_id: z.string().optional(),
})

export interface TaobaoPublisherBinding {
  /** 渠道关系ID: Taobao links converted with it, and orders through them, carry it. */
  readonly relationId: string
  readonly accountName: string | undefined
  /** Taobao said 重复绑定: the shopper was registered before (the relation id is the one they have). */
  readonly alreadyBound: boolean
}

/**
 * The 渠道 relation of a publisher.info.save answer. `desc` says "重复绑定渠道"
 * (or "重复绑定粉丝" for 会员) when the shopper was registered before
 * (bububa/opentaobao TaobaoTbkScPublisherInfoSaveData.go); the answer still
 * carries the relation, since every data field is documented as returned
 * (metadata taobao_tbk_sc_publisher_info_save.json: all "required").
 * @throws TaobaoBindingRefusedError when it names no relation (e.g. a 会员 code gave a special_id)
 */
export function toPublisherBinding(method: string, root: z.output<typeof PublisherSaveRoot>): TaobaoPublisherBinding {
  const { relation_id: relationId, special_id: specialId, account_name: accountName, desc } = root.data
  if (relationId === undefined) {
    const what = specialId === undefined ? 'no relation_id' : `a special_id (${specialId}) and no relation_id: the invite code is not a 渠道 code`
    throw new TaobaoBindingRefusedError('taobao', `${method}: the answer carries ${what}${desc ? ` (desc ${desc})` : ''}`, {
      requestId: root.request_id,
    })
  }
  return { relationId, accountName, alreadyBound: /重复/.test(desc ?? '') }
}

/**
 * The authorize URL a shopper opens: `response_type=code`, `client_id` (the
 * app key), `redirect_uri`, `state` (echoed back), `view=wap` (the mobile
 * page; doc 102635 lists web, tmall, wap).
 */
export function taobaoAuthorizeUrl(base: string, appKey: string, state: string, redirectUri: string): string {
  const url = new URL(base)
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('client_id', appKey)
  url.searchParams.set('redirect_uri', redirectUri)
  url.searchParams.set('state', state)
  url.searchParams.set('view', 'wap')
  return url.toString()
}
