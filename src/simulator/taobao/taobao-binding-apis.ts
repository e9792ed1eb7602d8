import type { TopErrorSpec, TopHandler } from './taobao-envelope.js'
import { invalidArgument, missingArgument, topError, topSuccess } from './taobao-envelope.js'
import { token } from '../sim-hash.js'
import type { SimState } from '../sim-state.js'
import { issueSession, oauthBook, relationFor } from './taobao-oauth-book.js'

export const TOKEN_CREATE_METHOD = 'taobao.top.auth.token.create'
export const INVITE_CODE_METHOD = 'taobao.tbk.sc.invitecode.get'
export const PUBLISHER_SAVE_METHOD = 'taobao.tbk.sc.publisher.info.save'

/** TOP's session errors (reference §1.4: 26 missing, 27 invalid session). */
const MISSING_SESSION: TopErrorSpec = { code: 26, msg: 'Missing session' }
const INVALID_SESSION: TopErrorSpec = { code: 27, msg: 'Invalid session', subCode: 'invalid-sessionkey', subMsg: 'SessionKey非法' }

/**
 * UNCERTAIN: no public capture of token.create refusing a code. The wording
 * is what Taobao's own token endpoint answers for a used or unknown code
 * (FAQ open.alitrip.com articleId=120: `invalid_client` "authorize code …
 * invalidate,please authorize again."), inside TOP's error envelope.
 */
const codeRefused = (code: string): TopErrorSpec => ({
  code: 15,
  msg: 'Remote service error',
  subCode: 'invalid_client',
  subMsg: `authorize code ${code} invalidate,please authorize again.`,
})

/** The sc APIs' documented 异常示例 (official doc copies, e.g. taobaokeapi.com taobao.tbk.sc.invitecode.get). */
const INVALID_PARAMETER: TopErrorSpec = { code: 50, msg: 'Remote service error', subCode: 'isv.invalid-parameter', subMsg: '非法参数' }

const CODE_TYPES = { '1': 'relation', '2': 'relation', '3': 'special' } as const

/** The operator's invite code for a kind: fixed per account and kind (veapi.cn doc 114: "邀请码是固定的"). */
function inviterCode(state: SimState, codeType: keyof typeof CODE_TYPES): string {
  return token(`tb-invite:${state.credentials.taobao.appKey}:${codeType}`, 6).toUpperCase()
}

/**
 * `taobao.top.auth.token.create` (`code`, optional `uuid`): the answer's
 * `token_result` is a JSON *text* with the fields of the OAuth token endpoint
 * (bububa/opentaobao TaobaoTopAuthTokenCreateAPIResponse.go; field set of a
 * 2018 capture in a public C# client, plus `taobao_user_id`/`taobao_user_nick`
 * as the OAuth doc lists them). A code works once.
 */
export const handleTokenCreate: TopHandler = (params, state, requestId) => {
  const code = params.code
  if (!code) return topError(requestId, missingArgument('code'))
  const issued = oauthBook(state).codes.get(code)
  if (!issued || issued.used || issued.clientId !== params.app_key) return topError(requestId, codeRefused(code))
  issued.used = true
  const session = issueSession(state, issued.user)
  const now = state.now().getTime()
  const expiresIn = 30 * 86_400
  const tokenResult = {
    w1_expires_in: 1800,
    refresh_token_valid_time: now + expiresIn * 1000,
    taobao_user_nick: encodeURIComponent(issued.user.nick),
    re_expires_in: 0,
    expire_time: now + expiresIn * 1000,
    token_type: 'Bearer',
    access_token: session,
    taobao_open_uid: `AAE${token(`tb-open-uid:${issued.user.userId}`, 21)}`,
    taobao_user_id: issued.user.userId,
    w1_valid: now + 1_800_000,
    refresh_token: `6202${session.slice(4)}`,
    w2_expires_in: 0,
    r1_expires_in: 1800,
    r2_expires_in: 0,
    expires_in: expiresIn,
  }
  return topSuccess(TOKEN_CREATE_METHOD, requestId, { token_result: JSON.stringify(tokenResult) })
}

/**
 * `taobao.tbk.sc.invitecode.get` with the operator's session: `relation_app`
 * and `code_type` (1 渠道邀请, 2 渠道裂变, 3 会员邀请) required
 * (bububa/opentaobao metadata taobao_tbk_sc_invitecode_get.json); answers
 * `data.inviter_code`.
 */
export const handleInviteCodeGet: TopHandler = (params, state, requestId) => {
  if (!params.session) return topError(requestId, MISSING_SESSION)
  if (params.session !== state.taobaoOperatorSession) return topError(requestId, INVALID_SESSION)
  if (!params.relation_app) return topError(requestId, missingArgument('relation_app'))
  if (!params.code_type) return topError(requestId, missingArgument('code_type'))
  if (!Object.hasOwn(CODE_TYPES, params.code_type)) return topError(requestId, invalidArgument('code_type'))
  if (params.relation_app !== 'common') return topError(requestId, INVALID_PARAMETER)
  const codeType = params.code_type as keyof typeof CODE_TYPES
  return topSuccess(INVITE_CODE_METHOD, requestId, { data: { inviter_code: inviterCode(state, codeType) } })
}

/**
 * `taobao.tbk.sc.publisher.info.save` with the *shopper's* session:
 * `inviter_code` and `info_type` required. A 渠道 code registers a
 * relation_id, a 会员 code a special_id, each assigned once per Taobao
 * account; registering again answers the same id with desc "重复绑定渠道" /
 * "重复绑定粉丝" (bububa/opentaobao TaobaoTbkScPublisherInfoSaveData.go), the
 * first time "绑定成功" (the documented 响应示例 copied at api.tkurl.top). A code
 * that is not the operator's gets the documented 异常示例 (code 50 非法参数).
 */
export const handlePublisherInfoSave: TopHandler = (params, state, requestId) => {
  if (!params.session) return topError(requestId, MISSING_SESSION)
  const user = oauthBook(state).sessions.get(params.session)
  if (!user) return topError(requestId, INVALID_SESSION)
  if (!params.inviter_code) return topError(requestId, missingArgument('inviter_code'))
  if (!params.info_type) return topError(requestId, missingArgument('info_type'))
  if (params.info_type !== '1' && params.info_type !== '2') return topError(requestId, invalidArgument('info_type'))
  const codeType = (Object.keys(CODE_TYPES) as (keyof typeof CODE_TYPES)[]).find((type) => inviterCode(state, type) === params.inviter_code)
  if (codeType === undefined) return topError(requestId, INVALID_PARAMETER)
  const kind = CODE_TYPES[codeType]
  const { id, repeated } = relationFor(state, user, kind)
  const desc = repeated ? (kind === 'relation' ? '重复绑定渠道' : '重复绑定粉丝') : '绑定成功'
  return topSuccess(PUBLISHER_SAVE_METHOD, requestId, {
    data: { ...(kind === 'relation' ? { relation_id: Number(id) } : { special_id: Number(id) }), account_name: maskNick(user.nick), desc },
  })
}

/** Account names come masked (`s**x` in the documented example). */
function maskNick(nick: string): string {
  const chars = Array.from(nick)
  if (chars.length <= 2) return `${chars[0] ?? ''}*`
  return `${chars[0]}**${chars[chars.length - 1]}`
}
