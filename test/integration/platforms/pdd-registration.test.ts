import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ParsedLink } from '../../../src/links/parsed-link.js'
import type { PddBusinessParams } from '../../../src/platforms/pdd/pdd-request.js'
import { AuthorizationRequiredError, PlatformPermissionError } from '../../../src/platforms/platform-errors.js'
import { PddNotRegisteredError } from '../../../src/platforms/pdd/pdd-error.js'
import { PddPlatform } from '../../../src/platforms/pdd/pdd.platform.js'
import { PddRegistrations } from '../../../src/platforms/pdd/pdd-registrations.js'
import { simItem, type SimItem } from '../../../src/simulator/catalog.js'
import { DEFAULT_SIM_SETTINGS, SIM_CREDENTIALS } from '../../../src/simulator/sim-state.js'
import { type RunningSimulator, startSimulator } from '../../../src/simulator/simulator-server.js'
import { setLogSink } from '../../../src/shared/log.js'

const PID = '1949211_49329093'
const CALL_DELAY_MS = 40

let sim: RunningSimulator
let logs: string[] = []

/** The adapter with every call held CALL_DELAY_MS before it goes out, and each call's start recorded. */
class TimedPdd extends PddPlatform {
  readonly starts: { readonly method: string; readonly at: number }[] = []

  override async call(method: string, params: PddBusinessParams): Promise<Readonly<Record<string, unknown>>> {
    this.starts.push({ method, at: performance.now() })
    await new Promise((done) => setTimeout(done, CALL_DELAY_MS))
    return super.call(method, params)
  }

  /** Calls since the last take(), and in how many serial rounds they went (a call starting after the previous round's delay is a new round). */
  take(): { methods: string[]; rounds: number } {
    const calls = this.starts.splice(0)
    let rounds = 0
    let roundStart = -Infinity
    for (const { at } of calls) {
      if (at - roundStart >= CALL_DELAY_MS * 0.75) {
        rounds++
        roundStart = at
      }
    }
    return { methods: calls.map((c) => c.method.replace('pdd.ddk.', '')).sort(), rounds }
  }
}

function adapter(registrations?: PddRegistrations): TimedPdd {
  return new TimedPdd({
    ...SIM_CREDENTIALS.pdd,
    pid: PID,
    gateway: sim.gatewayUrl('pdd'),
    timeoutMs: 1000,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    ...(registrations ? { registrations } : {}),
  })
}

const inProgram: SimItem = (() => {
  for (let n = 400_000_001; ; n++) if (simItem('pdd', String(n)).inProgram) return simItem('pdd', String(n))
})()
const pageLink: ParsedLink = { platform: 'pdd', itemId: inProgram.itemKey }
const signLink: ParsedLink = { platform: 'pdd', itemId: inProgram.apiId }

beforeAll(async () => {
  sim = await startSimulator({ port: 0 })
})

afterAll(async () => {
  await sim.close()
  setLogSink((line) => process.stderr.write(line + '\n'))
})

beforeEach(() => {
  logs = []
  setLogSink((line) => logs.push(line))
})

afterEach(() => {
  Object.assign(sim.state.settings, { pddPidRegistered: DEFAULT_SIM_SETTINGS.pddPidRegistered, pddUserAuthorization: DEFAULT_SIM_SETTINGS.pddUserAuthorization })
  sim.state.pddAuthorized.clear()
})

describe('PDD 授权备案 through the adapter', () => {
  it('gives a new user the authorization link, converts at once after it is opened, then asks no more', async () => {
    const pdd = adapter()
    const user = { attributionId: 'rbNEWUSER01' }

    const refused = await pdd.promote(pageLink, user).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(AuthorizationRequiredError)
    const url = (refused as AuthorizationRequiredError).authorizationUrl
    expect(url).toMatch(/\/pdd\/authorize\/[0-9A-Za-z]{10}$/)
    // Round 1: the conversion and the bind check together; round 2: the PID check and the link together.
    expect(pdd.take()).toEqual({
      methods: ['goods.zs.unit.url.gen', 'member.authority.query', 'member.authority.query', 'rp.prom.url.generate'],
      rounds: 2,
    })

    expect((await fetch(url)).status).toBe(200)
    expect(sim.state.pddAuthorized.has(user.attributionId)).toBe(true)

    // "授权后再发一次链接": the negative answer was not kept.
    const promotion = await pdd.promote(pageLink, user)
    expect(promotion).toMatchObject({ itemId: inProgram.apiId, title: inProgram.title })
    expect(sim.state.promoByCode(promotion.promoUrl.split('/').pop() ?? '')?.attributionId).toBe(user.attributionId)
    expect(pdd.take()).toEqual({ methods: ['goods.search', 'goods.zs.unit.url.gen', 'member.authority.query'], rounds: 2 })

    // Registered and known: no bind check any more.
    await pdd.promote(pageLink, user)
    expect(pdd.take()).toEqual({ methods: ['goods.search', 'goods.zs.unit.url.gen'], rounds: 2 })
    await pdd.promote(signLink, user)
    expect(pdd.take()).toEqual({ methods: ['goods.promotion.url.generate', 'goods.search'], rounds: 1 })
  })

  it('checks a new user beside the first call without adding a round when they are registered', async () => {
    sim.state.pddAuthorized.add('rbREGISTERED')
    const pdd = adapter()
    await pdd.promote(signLink, { attributionId: 'rbREGISTERED' })
    expect(pdd.take()).toEqual({ methods: ['goods.promotion.url.generate', 'goods.search', 'member.authority.query'], rounds: 1 })
  })

  it('asks once for a new user whose message carries several links', async () => {
    sim.state.pddAuthorized.add('rbSEVERAL01')
    const pdd = adapter()
    await Promise.all([pdd.promote(signLink, { attributionId: 'rbSEVERAL01' }), pdd.promote(pageLink, { attributionId: 'rbSEVERAL01' })])
    expect(pdd.take().methods.filter((m) => m === 'member.authority.query')).toHaveLength(1)
  })

  it('drops a stale positive when PDD refuses again, and gives the link', async () => {
    sim.state.pddAuthorized.add('rbSTALE0001')
    const pdd = adapter()
    await pdd.promote(pageLink, { attributionId: 'rbSTALE0001' })
    await pdd.checkSetup()
    pdd.take()
    sim.state.pddAuthorized.delete('rbSTALE0001')
    const refused = await pdd.promote(pageLink, { attributionId: 'rbSTALE0001' }).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(AuthorizationRequiredError)
    expect(pdd.take()).toEqual({ methods: ['goods.zs.unit.url.gen', 'member.authority.query', 'rp.prom.url.generate'], rounds: 2 })
    // Not remembered as registered: the next link checks again.
    await pdd.promote(pageLink, { attributionId: 'rbSTALE0001' }).catch(() => undefined)
    expect(pdd.take().methods).toContain('member.authority.query')
  })

  it('refuses a goods_sign link for an unregistered user with the link, never as "not in the program"', async () => {
    const refused = await adapter().promote(signLink, { attributionId: 'rbSIGNUSER1' }).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(AuthorizationRequiredError)
  })

  it('converts without any 授权 when the platform does not ask for it per user', async () => {
    sim.state.settings.pddUserAuthorization = false
    const promotion = await adapter().promote(pageLink, { attributionId: 'rbNOGATE001' })
    expect(promotion.itemId).toBe(inProgram.apiId)
  })

  it('an unregistered PID: one operator line at start, the user told "暂时不可用", no line and no call per message', async () => {
    sim.state.settings.pddPidRegistered = false
    const pdd = adapter()
    await pdd.checkSetup()
    await new Promise((done) => setTimeout(done, 3 * CALL_DELAY_MS))
    const operatorLines = () => logs.filter((l) => l.includes('ERROR') && l.includes('has not done 授权备案'))
    expect(operatorLines()).toHaveLength(1)
    // The line carries the PID's own authorization link (no custom_parameters): opening it registers the PID.
    const pidLink = /"authorizationUrl":"([^"]+)"/.exec(operatorLines()[0] ?? '')?.[1]
    expect(pidLink).toMatch(/\/pdd\/authorize\//)
    pdd.take()

    for (let i = 0; i < 3; i++) {
      const error = await pdd.promote(pageLink, { attributionId: `rbPIDUSER0${i}` }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(PddNotRegisteredError)
      expect(error).toBeInstanceOf(PlatformPermissionError)
      expect(error).not.toBeInstanceOf(AuthorizationRequiredError)
    }
    expect(pdd.take().methods).toEqual([])
    expect(operatorLines()).toHaveLength(1)

    expect((await fetch(pidLink ?? '')).status).toBe(200)
    expect(sim.state.settings.pddPidRegistered).toBe(true)
  })

  it('an unregistered PID found on a message (no check at start) is the operator’s, once', async () => {
    sim.state.settings.pddPidRegistered = false
    const now = { ms: Date.now() }
    const registrations = new PddRegistrations(undefined, () => now.ms)
    const pdd = adapter(registrations)
    const error = await pdd.promote(pageLink, { attributionId: 'rbLATEPID01' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PddNotRegisteredError)
    expect(registrations.pid()).toBe('unregistered')
    // Kept briefly only: after it, the PID is asked again.
    now.ms += 60_000
    expect(registrations.pid()).toBe('unknown')
  })

  it('checkSetup says so when the PID is registered, and never throws when the gateway fails', async () => {
    await adapter().checkSetup()
    expect(logs.some((l) => l.includes('INFO') && l.includes('PID has done 授权备案'))).toBe(true)
    const broken = new PddPlatform({ ...SIM_CREDENTIALS.pdd, secret: 'wrong', pid: PID, gateway: sim.gatewayUrl('pdd'), timeoutMs: 500, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } })
    await expect(broken.checkSetup()).resolves.toBeUndefined()
    expect(logs.some((l) => l.includes('WARN') && l.includes('pdd setup check failed'))).toBe(true)
  })
})
