import { describe, expect, it } from 'vitest'
import { signParams } from '../../../src/platforms/sign.js'
import { topTimestamp } from '../../../src/platforms/taobao/taobao-request.js'
import { SimState } from '../../../src/simulator/sim-state.js'
import { taobaoSim } from '../../../src/simulator/taobao/taobao.sim.js'

/*
 * The simulated Taobao side of 绑定淘宝, called directly: the authorize page's
 * checks and redirects, and the three TOP APIs with their refusals.
 */

const CALLBACK = 'http://bot.test/taobao/callback'

function page(state: SimState, path: string, params: Record<string, string>) {
  const url = new URL(`http://sim.local${path}`)
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value)
  return taobaoSim.page?.(url, state)
}

function authorizeParams(state: SimState, overrides: Record<string, string> = {}): Record<string, string> {
  return { response_type: 'code', client_id: state.credentials.taobao.appKey, redirect_uri: CALLBACK, state: 'st.1', view: 'wap', ...overrides }
}

/** A signed TOP call, as the adapter sends it. */
function top(state: SimState, method: string, business: Record<string, string>): Record<string, unknown> {
  const { appKey, secret } = state.credentials.taobao
  const params: Record<string, string> = { ...business, method, app_key: appKey, timestamp: topTimestamp(new Date()), format: 'json', v: '2.0', sign_method: 'md5' }
  const answer = taobaoSim.handle({ ...params, sign: signParams(params, secret, 'md5') }, state)
  return answer.body as Record<string, unknown>
}

function agree(state: SimState, nick: string): URL {
  const answer = page(state, '/oauth/authorize/agree', { ...authorizeParams(state), nick })
  expect(answer?.status).toBe(302)
  return new URL(answer?.location ?? '')
}

function errorOf(body: Record<string, unknown>): Record<string, unknown> | undefined {
  return body.error_response as Record<string, unknown> | undefined
}

describe('the simulated Taobao authorize page', () => {
  it('shows the consent page for a valid request', () => {
    const state = new SimState()
    const answer = page(state, '/oauth/authorize', authorizeParams(state))
    expect(answer?.status).toBe(200)
    expect(answer?.html).toContain('模拟淘宝授权')
    expect(answer?.html).toContain('同意授权')
    expect(answer?.html).toContain(`value="${CALLBACK}"`)
  })

  it.each([
    ['an unknown client_id', { client_id: '99999999' }, 'invalid_client'],
    ['no client_id', { client_id: '' }, 'invalid_client'],
    ['response_type token', { response_type: 'token' }, 'unsupported_response_type'],
    ['a redirect_uri that is not http(s)', { redirect_uri: 'javascript:alert(1)' }, 'invalid_client'],
    ['an unknown view', { view: 'tv' }, 'invalid_request'],
  ])('refuses %s with an error page and no redirect', (_name, overrides, error) => {
    const state = new SimState()
    const answer = page(state, '/oauth/authorize', authorizeParams(state, overrides))
    expect(answer?.status).toBe(400)
    expect(answer?.html).toContain(error)
    expect(answer?.location).toBeUndefined()
  })

  it('sends the browser back with a code and the state when the shopper agrees, with error=access_denied when they cancel', () => {
    const state = new SimState()
    const back = agree(state, 'tb_a')
    expect(back.origin + back.pathname).toBe(CALLBACK)
    expect(back.searchParams.get('state')).toBe('st.1')
    expect(back.searchParams.get('code')).toMatch(/^[A-Za-z0-9]{30}$/)
    const deny = page(state, '/oauth/authorize/deny', authorizeParams(state))
    const denied = new URL(deny?.location ?? '')
    expect(Object.fromEntries(denied.searchParams)).toEqual({ error: 'access_denied', error_description: 'authorize reject', state: 'st.1' })
  })

  it('leaves other paths to the other pages', () => {
    expect(page(new SimState(), '/pdd/authorize', {})).toBeUndefined()
  })
})

describe('the simulated binding APIs', () => {
  it('exchanges a code once: token_result is a JSON text carrying the session', () => {
    const state = new SimState()
    const code = agree(state, 'tb_once').searchParams.get('code') ?? ''
    const first = top(state, 'taobao.top.auth.token.create', { code })
    const root = first.top_auth_token_create_response as { token_result: string }
    expect(typeof root.token_result).toBe('string')
    expect(JSON.parse(root.token_result)).toMatchObject({ token_type: 'Bearer', taobao_user_nick: 'tb_once', access_token: expect.any(String) })
    expect(errorOf(top(state, 'taobao.top.auth.token.create', { code }))).toMatchObject({ code: 15, sub_code: 'invalid_client' })
    expect(errorOf(top(state, 'taobao.top.auth.token.create', { code: 'made-up' }))).toMatchObject({ sub_code: 'invalid_client' })
    expect(errorOf(top(state, 'taobao.top.auth.token.create', {}))).toMatchObject({ code: 40 })
  })

  it("gives the invite code only for the operator's session, per code type", () => {
    const state = new SimState()
    const ask = (business: Record<string, string>) => top(state, 'taobao.tbk.sc.invitecode.get', business)
    const params = { relation_app: 'common', code_type: '1' }
    expect(errorOf(ask(params))).toMatchObject({ code: 26 })
    expect(errorOf(ask({ ...params, session: 'someone-else' }))).toMatchObject({ code: 27 })
    const channel = ask({ ...params, session: state.taobaoOperatorSession }) as { tbk_sc_invitecode_get_response: { data: { inviter_code: string } } }
    const member = ask({ ...params, code_type: '3', session: state.taobaoOperatorSession }) as typeof channel
    expect(channel.tbk_sc_invitecode_get_response.data.inviter_code).toMatch(/^[A-Z0-9]{6}$/)
    expect(member.tbk_sc_invitecode_get_response.data.inviter_code).not.toBe(channel.tbk_sc_invitecode_get_response.data.inviter_code)
    expect(errorOf(ask({ relation_app: 'common', code_type: '9', session: state.taobaoOperatorSession }))).toMatchObject({ code: 41 })
  })

  it('registers a shopper once: the same relation_id again with 重复绑定渠道, a 会员 code gives a special_id', () => {
    const state = new SimState()
    const session = (nick: string): string => {
      const code = agree(state, nick).searchParams.get('code') ?? ''
      const root = top(state, 'taobao.top.auth.token.create', { code }).top_auth_token_create_response as { token_result: string }
      return (JSON.parse(root.token_result) as { access_token: string }).access_token
    }
    const inviter = (codeType: string): string =>
      (top(state, 'taobao.tbk.sc.invitecode.get', { relation_app: 'common', code_type: codeType, session: state.taobaoOperatorSession }) as {
        tbk_sc_invitecode_get_response: { data: { inviter_code: string } }
      }).tbk_sc_invitecode_get_response.data.inviter_code
    const save = (userSession: string, code: string) =>
      top(state, 'taobao.tbk.sc.publisher.info.save', { session: userSession, inviter_code: code, info_type: '1', note: '7' })
    const dataOf = (body: Record<string, unknown>) => (body.tbk_sc_publisher_info_save_response as { data: Record<string, unknown> }).data

    const first = dataOf(save(session('tb_same'), inviter('1')))
    expect(first).toMatchObject({ relation_id: expect.any(Number), desc: '绑定成功' })
    // Another authorization of the same account: the same relation.
    const again = dataOf(save(session('tb_same'), inviter('1')))
    expect(again).toMatchObject({ relation_id: first.relation_id, desc: '重复绑定渠道' })
    expect(dataOf(save(session('tb_other'), inviter('1'))).relation_id).not.toBe(first.relation_id)
    const member = dataOf(save(session('tb_member'), inviter('3')))
    expect(member).toHaveProperty('special_id')
    expect(member).not.toHaveProperty('relation_id')
    expect(errorOf(save('not-a-session', inviter('1')))).toMatchObject({ code: 27 })
    expect(errorOf(save(session('tb_bad_code'), 'ZZZZZZ'))).toMatchObject({ code: 50, sub_code: 'isv.invalid-parameter', sub_msg: '非法参数' })
  })
})
