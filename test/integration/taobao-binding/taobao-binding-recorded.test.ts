import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as errors from '../../../src/platforms/platform-errors.js'
import { TaobaoAuthorizationCodeError, TaobaoBindingRefusedError } from '../../../src/platforms/taobao/taobao-binding.js'
import { TaobaoPlatform } from '../../../src/platforms/taobao/taobao.platform.js'
import { startReplayGateway, type ReplayGateway } from '../../support/replay-gateway.js'

/*
 * The binding calls of the real adapter against recorded answers
 * (test/fixtures/recorded/taobao/binding.json, each entry citing its source),
 * over HTTP: what it sends, what it reads, which typed error a refusal becomes.
 */

interface Entry {
  readonly name: string
  readonly source: string
  readonly response: unknown
  readonly expect: Record<string, unknown>
}
interface Table {
  readonly method: string
  readonly entries: readonly Entry[]
}
const tables = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/recorded/taobao/binding.json'), 'utf8')) as Record<
  'tokenCreate' | 'inviteCode' | 'publisherSave',
  Table
>

const ERROR_CLASSES: Record<string, abstract new (...args: never[]) => Error> = {
  TaobaoAuthorizationCodeError,
  TaobaoBindingRefusedError,
  PlatformAuthError: errors.PlatformAuthError,
  PlatformRequestError: errors.PlatformRequestError,
  PlatformUnavailableError: errors.PlatformUnavailableError,
}

let gateway: ReplayGateway
let sleeps: number
beforeAll(async () => {
  gateway = await startReplayGateway()
})
afterAll(async () => {
  await gateway.close()
})
beforeEach(() => {
  gateway.requests.length = 0
  sleeps = 0
})

function platform(): TaobaoPlatform {
  return new TaobaoPlatform({
    appKey: '12345678',
    secret: 'recorded-secret',
    gateway: gateway.url,
    timeoutMs: 2_000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, sleep: async () => void sleeps++ },
    adzoneId: '109876543210',
    signMethod: 'md5',
  })
}

async function expectError(run: Promise<unknown>, expected: Record<string, unknown>): Promise<void> {
  const error = await run.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  const errorClass = ERROR_CLASSES[String(expected.error)]
  expect(errorClass, `known error class ${String(expected.error)}`).toBeDefined()
  expect(error).toBeInstanceOf(errorClass as abstract new (...args: never[]) => Error)
  // The refusals the binding tells apart must not pass for one another.
  if (expected.error === 'PlatformRequestError') expect(error).not.toBeInstanceOf(TaobaoBindingRefusedError)
  if (expected.subCode !== undefined) expect((error as errors.PlatformError).subCode).toBe(expected.subCode)
  if (expected.retried === false) expect(sleeps).toBe(0)
  if (expected.retried === true) expect(sleeps).toBeGreaterThan(0)
}

describe('recorded taobao.top.auth.token.create answers through TaobaoPlatform.createToken', () => {
  const { method, entries } = tables.tokenCreate
  it.each(entries.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    gateway.answer(method, { body: entry.response })
    const run = platform().createToken('0_ebKlCPqc6OD8RBlB0DzfnpUg2')
    if (entry.expect.error !== undefined) return expectError(run, entry.expect)
    const token = await run
    const { expiresAt, ...rest } = entry.expect.token as Record<string, unknown>
    expect(token).toMatchObject(rest)
    if (expiresAt !== undefined) expect(token.expiresAt?.toISOString()).toBe(expiresAt)
    // The code goes as a business param, signed with the app's keys; no session (the shopper has none yet).
    const [sent] = gateway.requestsFor(method)
    expect(sent).toMatchObject({ code: '0_ebKlCPqc6OD8RBlB0DzfnpUg2', app_key: '12345678', format: 'json', v: '2.0' })
    expect(sent).not.toHaveProperty('session')
    expect(sent?.sign).toMatch(/^[0-9A-F]{32}$/)
  })
})

describe('recorded taobao.tbk.sc.invitecode.get answers through TaobaoPlatform.inviteCode', () => {
  const { method, entries } = tables.inviteCode
  it.each(entries.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    gateway.answer(method, { body: entry.response })
    const run = platform().inviteCode('operator-session-1')
    if (entry.expect.error !== undefined) return expectError(run, entry.expect)
    expect(await run).toBe(entry.expect.inviterCode)
    expect(gateway.requestsFor(method)[0]).toMatchObject({ relation_app: 'common', code_type: '1', session: 'operator-session-1' })
  })
})

describe('recorded taobao.tbk.sc.publisher.info.save answers through TaobaoPlatform.savePublisher', () => {
  const { method, entries } = tables.publisherSave
  it.each(entries.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    gateway.answer(method, { body: entry.response })
    const run = platform().savePublisher('shopper-session-1', 'QMV5J9', '42')
    if (entry.expect.error !== undefined) return expectError(run, entry.expect)
    expect(await run).toMatchObject(entry.expect.binding as object)
    expect(gateway.requestsFor(method)[0]).toMatchObject({ inviter_code: 'QMV5J9', info_type: '1', note: '42', session: 'shopper-session-1' })
  })
})

describe('the authorize URL', () => {
  it("is Taobao's OAuth page with our app key, the callback, the state and the mobile view", () => {
    const url = new URL(platform().authorizeUrl('abc.def', 'https://bot.example/taobao/callback'))
    expect(url.origin + url.pathname).toBe('https://oauth.taobao.com/authorize')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: '12345678',
      redirect_uri: 'https://bot.example/taobao/callback',
      state: 'abc.def',
      view: 'wap',
    })
    expect(new URL(platform().authorizeUrl('s', 'https://b.example/cb', 'http://127.0.0.1:4100/oauth/authorize')).host).toBe('127.0.0.1:4100')
  })
})
