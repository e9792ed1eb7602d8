import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { buildPddForm, type PddBusinessParams } from '../../../src/platforms/pdd/pdd-request.js'
import { pddSim } from '../../../src/simulator/pdd/pdd.sim.js'
import { DEFAULT_SIM_SETTINGS, SIM_CREDENTIALS } from '../../../src/simulator/sim-state.js'
import { type RunningSimulator, startSimulator } from '../../../src/simulator/simulator-server.js'

let sim: RunningSimulator

beforeAll(async () => {
  sim = await startSimulator({ port: 0 })
})

afterAll(async () => {
  await sim.close()
})

afterEach(() => {
  Object.assign(sim.state.settings, { pddPidRegistered: DEFAULT_SIM_SETTINGS.pddPidRegistered, pddUserAuthorization: DEFAULT_SIM_SETTINGS.pddUserAuthorization })
  sim.state.pddAuthorized.clear()
})

const KEYS = { clientId: SIM_CREDENTIALS.pdd.appKey, secret: SIM_CREDENTIALS.pdd.secret }
const PID = '1949211_49329093'
// Goods 100000001 is in the program (catalog.ts is deterministic).
const GOODS_URL = 'https://mobile.yangkeduo.com/goods.html?goods_id=100000001'

async function post(form: Record<string, string>): Promise<unknown> {
  const response = await fetch(sim.gatewayUrl('pdd'), { method: 'POST', body: new URLSearchParams(form) })
  expect(response.status).toBe(200)
  return response.json()
}

function signed(method: string, params: PddBusinessParams): Record<string, string> {
  return buildPddForm(method, params, KEYS, new Date())
}

type Body = Record<string, Record<string, unknown>>
const call = async (method: string, params: PddBusinessParams): Promise<Body> => (await post(signed(method, params))) as Body

const zsUnit = (customParameters?: string) =>
  call('pdd.ddk.goods.zs.unit.url.gen', { pid: PID, source_url: GOODS_URL, custom_parameters: customParameters })

describe('the PDD gateway simulator', () => {
  it.each([
    ['no sign', () => (({ sign: _sign, ...rest }) => rest)(signed('pdd.ddk.goods.search', { pid: '1_2' })), 10001],
    ['a millisecond timestamp', () => ({ ...signed('pdd.ddk.goods.search', { pid: '1_2' }), timestamp: String(Date.now()) }), 10001],
    ['an unknown client_id', () => buildPddForm('pdd.ddk.goods.search', { pid: '1_2' }, { ...KEYS, clientId: 'x' }, new Date()), 10016],
    ['a tampered param', () => ({ ...signed('pdd.ddk.goods.search', { pid: '1_2' }), pid: '1_3' }), 20004],
    ['an unknown type', () => signed('pdd.ddk.nothing', {}), 10001],
  ])('answers %s with error_response %i', async (_label, form, code) => {
    const body = (await post(form())) as { error_response: Record<string, unknown> }
    expect(body.error_response).toMatchObject({ error_code: code, sub_code: String(code) })
    expect(body.error_response.request_id).toMatch(/^\d+$/)
  })

  it('answers the real success shape, with the uid recorded as attribution', async () => {
    sim.state.pddAuthorized.add('u_sim')
    const answer = ((await zsUnit('{"uid":"u_sim"}')).goods_zs_unit_generate_response ?? {}) as Record<string, string>
    expect(Object.keys(answer).sort()).toEqual(['mobile_short_url', 'mobile_url', 'request_id', 'short_url', 'url'])
    expect(new URL(answer.url ?? '').searchParams.get('goods_sign')).toMatch(/^[0-9A-Za-z]{10}_100000001$/)
    const code = answer.short_url?.split('/').pop() ?? ''
    expect(sim.state.promoByCode(code)?.attributionId).toBe('u_sim')
  })

  it('takes an opaque custom_parameters as its own uid (real SDKs send such text)', async () => {
    sim.state.pddAuthorized.add('user_1384')
    const answer = ((await zsUnit('user_1384')).goods_zs_unit_generate_response ?? {}) as Record<string, string>
    expect(sim.state.promoByCode(answer.short_url?.split('/').pop() ?? '')?.attributionId).toBe('user_1384')
  })

  it.each([
    ['rate-limit', 52101],
    ['unavailable', 52103],
  ] as const)('answers the %s fault with error_response %i', (fault, code) => {
    expect(pddSim.faultResponse(fault)).toMatchObject({ status: 200, body: { error_response: { error_code: code, sub_code: String(code) } } })
  })

  it('refuses a goods.search page_size outside 10–100', async () => {
    for (const pageSize of [9, 101]) {
      const body = await call('pdd.ddk.goods.search', { pid: PID, keyword: '耳机', page_size: pageSize })
      expect(body.error_response).toMatchObject({ error_code: 10000, sub_msg: expect.stringContaining('pageSize的取值范围是10-100') })
    }
    expect((await call('pdd.ddk.goods.search', { pid: PID, keyword: '耳机', page_size: 10 })).goods_search_response?.goods_list).toHaveLength(10)
  })
})

/** The 备案 refusal exactly as sgxiang/pdd-coupon#11 shows it. */
const REFUSAL = {
  error_code: 50001,
  error_msg: '业务服务错误',
  sub_code: '60001',
  sub_msg: expect.stringMatching(/^未传入已经授权备案过的相关参数\(pid\/custom_parameters\)/),
  request_id: expect.stringMatching(/^\d+$/),
}

describe('授权备案 in the PDD simulator', () => {
  it('refuses every link and search API while the PID is not registered, whoever asks', async () => {
    sim.state.settings.pddPidRegistered = false
    sim.state.pddAuthorized.add('u_known')
    const answers = await Promise.all([
      zsUnit('{"uid":"u_known"}'),
      zsUnit(),
      call('pdd.ddk.goods.search', { pid: PID, keyword: '耳机' }),
      call('pdd.ddk.goods.search', { pid: PID, goods_sign_list: ['x_100000001'] }),
      call('pdd.ddk.goods.promotion.url.generate', { p_id: PID, goods_sign_list: ['x_100000001'] }),
    ])
    for (const body of answers) expect(body).toEqual({ error_response: REFUSAL })
  })

  it('refuses a call carrying an unregistered uid, and only that call', async () => {
    expect(await zsUnit('{"uid":"u_new"}')).toEqual({ error_response: REFUSAL })
    expect((await zsUnit()).goods_zs_unit_generate_response).toBeDefined()
    expect((await call('pdd.ddk.goods.search', { pid: PID, keyword: '耳机' })).goods_search_response).toBeDefined()
    sim.state.settings.pddUserAuthorization = false
    expect((await zsUnit('{"uid":"u_new"}')).goods_zs_unit_generate_response).toBeDefined()
  })

  it('member.authority.query answers bind per PID and per uid', async () => {
    const bind = async (customParameters?: string) =>
      (await call('pdd.ddk.member.authority.query', { pid: PID, custom_parameters: customParameters })).authority_query_response?.bind
    expect(await bind()).toBe(1)
    expect(await bind('{"uid":"u_q"}')).toBe(0)
    sim.state.pddAuthorized.add('u_q')
    expect(await bind('{"uid":"u_q"}')).toBe(1)
    sim.state.settings.pddPidRegistered = false
    expect([await bind(), await bind('{"uid":"u_q"}')]).toEqual([0, 0])
  })

  it('rp.prom.url.generate (channel_type 10) gives a link whose opening binds the uid; then the links convert', async () => {
    const customParameters = '{"uid":"u_open"}'
    expect(await zsUnit(customParameters)).toEqual({ error_response: REFUSAL })
    const body = await call('pdd.ddk.rp.prom.url.generate', { channel_type: 10, p_id_list: [PID], custom_parameters: customParameters, generate_short_url: true })
    const [links] = body.rp_promotion_url_generate_response?.url_list as Record<string, string>[]
    expect(Object.keys(links ?? {}).sort()).toEqual(['mobile_short_url', 'mobile_url', 'short_url', 'url'])
    expect(new URL(links?.url ?? '').searchParams.get('customParameters')).toBe(customParameters)

    const opened = await fetch(links?.short_url ?? '')
    expect(opened.status).toBe(200)
    expect(await opened.text()).toContain('授权成功')
    expect(sim.state.pddAuthorized.has('u_open')).toBe(true)
    expect((await zsUnit(customParameters)).goods_zs_unit_generate_response).toBeDefined()
  })

  it('the long link works as well as the short one, and a link without custom_parameters registers the PID', async () => {
    sim.state.settings.pddPidRegistered = false
    const body = await call('pdd.ddk.rp.prom.url.generate', { channel_type: 10, p_id_list: [PID] })
    const [links] = body.rp_promotion_url_generate_response?.url_list as Record<string, string>[]
    expect(links).not.toHaveProperty('short_url')
    expect((await fetch(links?.url ?? '')).status).toBe(200)
    expect(sim.state.settings.pddPidRegistered).toBe(true)
  })

  it('answers an unknown authorization page with 404 and binds nobody', async () => {
    const response = await fetch(`${sim.url}/pdd/authorize/nothing`)
    expect(response.status).toBe(404)
    expect(sim.state.pddAuthorized.size).toBe(0)
  })

  it.each<[string, PddBusinessParams, unknown]>([
    ['without p_id_list (a user sent pid instead, sgxiang/pdd-coupon#11)', { channel_type: 10, pid: PID }, { error_response: REFUSAL }],
    ['with two pids', { channel_type: 10, p_id_list: [PID, '1_2'] }, { error_response: expect.objectContaining({ error_code: 10000 }) }],
    ['another channel_type', { channel_type: 0, p_id_list: [PID] }, { error_response: expect.objectContaining({ error_code: 10000 }) }],
  ])('rp.prom.url.generate %s', async (_label, params, expected) => {
    expect(await call('pdd.ddk.rp.prom.url.generate', params)).toEqual(expected)
  })
})
