import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPddForm } from '../../../src/platforms/pdd/pdd-request.js'
import { pddSim } from '../../../src/simulator/pdd/pdd.sim.js'
import { SIM_CREDENTIALS } from '../../../src/simulator/sim-state.js'
import { type RunningSimulator, startSimulator } from '../../../src/simulator/simulator-server.js'

let sim: RunningSimulator

beforeAll(async () => {
  sim = await startSimulator({ port: 0 })
})

afterAll(async () => {
  await sim.close()
})

const KEYS = { clientId: SIM_CREDENTIALS.pdd.appKey, secret: SIM_CREDENTIALS.pdd.secret }

async function post(form: Record<string, string>): Promise<unknown> {
  const response = await fetch(sim.gatewayUrl('pdd'), { method: 'POST', body: new URLSearchParams(form) })
  expect(response.status).toBe(200)
  return response.json()
}

function signed(method: string, params: Record<string, string>): Record<string, string> {
  return buildPddForm(method, params, KEYS, new Date())
}

describe('the PDD gateway simulator', () => {
  it.each([
    ['no sign', () => (({ sign: _sign, ...rest }) => rest)(signed('pdd.ddk.goods.search', { pid: '1_2' })), 10000],
    ['a millisecond timestamp', () => ({ ...signed('pdd.ddk.goods.search', { pid: '1_2' }), timestamp: String(Date.now()) }), 10000],
    ['an unknown client_id', () => buildPddForm('pdd.ddk.goods.search', { pid: '1_2' }, { ...KEYS, clientId: 'x' }, new Date()), 10016],
    ['a tampered param', () => ({ ...signed('pdd.ddk.goods.search', { pid: '1_2' }), pid: '1_3' }), 20004],
    ['an unknown type', () => signed('pdd.ddk.nothing', {}), 10001],
  ])('answers %s with error_response %i', async (_label, form, code) => {
    const body = (await post(form())) as { error_response: Record<string, unknown> }
    expect(body.error_response).toMatchObject({ error_code: code, sub_code: String(code) })
    expect(body.error_response.request_id).toMatch(/^\d+$/)
  })

  it('answers the real success shape, with the uid recorded as attribution', async () => {
    const body = (await post(
      signed('pdd.ddk.goods.zs.unit.url.gen', {
        pid: '1_2',
        source_url: 'https://mobile.yangkeduo.com/goods.html?goods_id=100000001',
        custom_parameters: '{"uid":"u_sim"}',
      }),
    )) as Record<string, Record<string, string>>
    // Goods 100000001 is in the program (catalog.ts is deterministic).
    const answer = body.goods_zs_unit_generate_response ?? {}
    expect(Object.keys(answer).sort()).toEqual(['mobile_short_url', 'mobile_url', 'request_id', 'short_url', 'url'])
    expect(new URL(answer.url ?? '').searchParams.get('goods_sign')).toMatch(/^[0-9A-Za-z]{10}_100000001$/)
    const code = answer.short_url?.split('/').pop() ?? ''
    expect(sim.state.promoByCode(code)?.attributionId).toBe('u_sim')
  })

  it.each([
    ['rate-limit', 70031],
    ['unavailable', 50000],
  ] as const)('answers the %s fault with error_response %i', (fault, code) => {
    expect(pddSim.faultResponse(fault)).toMatchObject({ status: 200, body: { error_response: { error_code: code, sub_code: String(code) } } })
  })
})
