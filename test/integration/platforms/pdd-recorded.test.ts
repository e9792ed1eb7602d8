import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ParsedLink } from '../../../src/links/parsed-link.js'
import {
  AuthorizationRequiredError,
  ItemNotPromotableError,
  LinkNotResolvableError,
  PlatformAuthError,
  type PlatformError,
  PlatformPermissionError,
  PlatformRateLimitedError,
  PlatformRequestError,
  PlatformUnavailableError,
} from '../../../src/platforms/platform-errors.js'
import { PddNotRegisteredError } from '../../../src/platforms/pdd/pdd-error.js'
import { PddPlatform } from '../../../src/platforms/pdd/pdd.platform.js'
import { setLogSink } from '../../../src/shared/log.js'
import { type RecordedAnswer, type ReplayGateway, startReplayGateway } from '../../support/replay-gateway.js'

/** One recorded answer (test/fixtures/recorded/pdd/*.json): its source, the method, the body, and what the adapter must make of it. */
interface Entry {
  readonly name: string
  readonly source: string
  readonly method: string
  readonly response?: unknown
  /** The body as JSON text, sent as it is (integers above 2^53). */
  readonly responseText?: string
  readonly adapter: Record<string, unknown>
}

function table(file: string): readonly Entry[] {
  const text = readFileSync(new URL(`../../fixtures/recorded/pdd/${file}.json`, import.meta.url), 'utf8')
  const entries = (JSON.parse(text) as { entries: Entry[] }).entries
  for (const entry of entries) {
    expect(entry.source, `${file}: ${entry.name} cites its source`).toMatch(/\S/)
    expect(entry.response !== undefined || entry.responseText !== undefined, `${file}: ${entry.name} has a body`).toBe(true)
  }
  return entries
}

const answerOf = (entry: Entry): RecordedAnswer => ({ body: entry.responseText ?? entry.response })
const named = (entries: readonly Entry[], name: string): Entry => {
  const entry = entries.find((e) => e.name === name)
  if (!entry) throw new Error(`no recorded entry "${name}"`)
  return entry
}

const ERROR_CLASSES: Readonly<Record<string, abstract new (...args: never[]) => PlatformError>> = {
  AuthorizationRequiredError,
  ItemNotPromotableError,
  LinkNotResolvableError,
  PlatformAuthError,
  PlatformPermissionError,
  PlatformRateLimitedError,
  PlatformRequestError,
  PlatformUnavailableError,
  PddNotRegisteredError,
}
const errorClass = (name: unknown) => {
  const found = ERROR_CLASSES[String(name)]
  if (!found) throw new Error(`unknown error class ${String(name)}`)
  return found
}

const PID = '1949211_49329093'
const MAX_ATTEMPTS = 3
const ERRORS = table('errors')
const ZS = table('goods-zs-unit-url-gen')
const SEARCH = table('goods-search')
const PROMOTION = table('goods-promotion-url-generate')
const AUTHORITY = table('member-authority-query')
const RP = table('rp-prom-url-generate')
const ORDERS = table('order-list-increment-get')
const DEALS = table('goods-search-deals')

const REFUSAL = named(ERRORS, '50001/60001 备案 refusal, as a user pasted it')
const BOUND = named(AUTHORITY, 'bound')
const NOT_BOUND = named(AUTHORITY, 'not bound, as a user pasted it')
const GOODS = named(SEARCH, 'one goods with a coupon')
const LINKS = named(PROMOTION, 'one link set with short links and mini-program info')
const RP_FULL = named(RP, 'the full shape, with short links')
const GOODS_SIGN = 'c9r2omogKFFAc7WBwvbZU1ikIb16_J3CTa8HNN'
const USER = { attributionId: 'rbRECORDED1' }
const signLink: ParsedLink = { platform: 'pdd', itemId: GOODS_SIGN }
const shortLink: ParsedLink = { platform: 'pdd', kind: 'short', url: 'https://p.pinduoduo.com/Xy12Ab34' }

let gateway: ReplayGateway

function adapter(): PddPlatform {
  return new PddPlatform({
    appKey: 'recorded-client',
    secret: 'recorded-secret',
    pid: PID,
    gateway: gateway.url,
    timeoutMs: 2000,
    retry: { maxAttempts: MAX_ATTEMPTS, baseDelayMs: 1, maxDelayMs: 2 },
    now: () => new Date('2025-11-20T00:00:00Z'),
  })
}

beforeAll(() => setLogSink(() => undefined))
afterAll(() => setLogSink((line) => process.stderr.write(line + '\n')))

beforeEach(async () => {
  gateway = await startReplayGateway()
})

afterEach(async () => {
  await gateway.close()
})

describe('recorded PDD error answers through PddPlatform.call', () => {
  it.each(ERRORS.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    gateway.answer(entry.method, answerOf(entry))
    const error = await adapter()
      .call(entry.method, { pid: PID, keyword: '耳机' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(errorClass(entry.adapter.error))
    if (entry.adapter.never !== undefined) expect(error).not.toBeInstanceOf(errorClass(entry.adapter.never))
    expect(error).not.toBeInstanceOf(ItemNotPromotableError)
    expect(gateway.requestsFor(entry.method)).toHaveLength(entry.adapter.retried === true ? MAX_ATTEMPTS : 1)
    const message = (error as Error).message
    for (const part of (entry.adapter.message as string[] | undefined) ?? []) expect(message).toContain(part)
    expect(message).toContain('error_code')
  })
})

describe('recorded zs.unit.url.gen answers through promote', () => {
  it.each(ZS.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    gateway.answer(entry.method, answerOf(entry))
    gateway.answer('pdd.ddk.goods.search', answerOf(GOODS))
    gateway.answer('pdd.ddk.member.authority.query', answerOf(BOUND))
    const result = await adapter()
      .promote(shortLink, USER)
      .catch((e: unknown) => e)
    if (entry.adapter.error !== undefined) {
      expect(result).toBeInstanceOf(errorClass(entry.adapter.error))
      return
    }
    expect(result).toMatchObject({ platform: 'pdd', itemId: entry.adapter.goodsSign, promoUrl: entry.adapter.promoUrl })
    const [zs] = gateway.requestsFor(entry.method)
    expect(zs).toMatchObject({ pid: PID, source_url: shortLink.kind === 'short' ? shortLink.url : '', custom_parameters: '{"uid":"rbRECORDED1"}' })
    // zs.unit.url.gen's own links are the user's: no promotion.url.generate on this path.
    expect(gateway.requestsFor('pdd.ddk.goods.promotion.url.generate')).toEqual([])
    expect(gateway.requestsFor('pdd.ddk.goods.search')[0]).toMatchObject({ goods_sign_list: `["${GOODS_SIGN}"]` })
  })
})

describe('recorded goods.search answers through promote (goods_sign link)', () => {
  it.each(SEARCH.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    gateway.answer(entry.method, answerOf(entry))
    gateway.answer('pdd.ddk.goods.promotion.url.generate', answerOf(LINKS))
    gateway.answer('pdd.ddk.member.authority.query', answerOf(BOUND))
    const result = await adapter()
      .promote(signLink, USER)
      .catch((e: unknown) => e)
    if (entry.adapter.error !== undefined) {
      expect(result).toBeInstanceOf(errorClass(entry.adapter.error))
      return
    }
    const goods = entry.adapter.goods as Record<string, number | string>
    expect(result).toMatchObject({
      itemId: goods.goodsSign,
      priceFen: goods.priceFen,
      coupon: { amountFen: goods.couponFen },
      priceAfterCouponFen: goods.priceAfterCouponFen,
      commissionRateBp: goods.commissionRateBp,
      commissionFen: goods.commissionFen,
      promoUrl: 'https://p.pinduoduo.com/Hj8kL0zX',
    })
  })
})

describe('recorded goods.promotion.url.generate answers through promote', () => {
  it.each(PROMOTION.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    gateway.answer(entry.method, answerOf(entry))
    gateway.answer('pdd.ddk.goods.search', answerOf(GOODS))
    gateway.answer('pdd.ddk.member.authority.query', answerOf(BOUND))
    const result = await adapter()
      .promote(signLink, USER)
      .catch((e: unknown) => e)
    if (entry.adapter.error !== undefined) {
      expect(result).toBeInstanceOf(errorClass(entry.adapter.error))
      return
    }
    expect(result).toMatchObject({ promoUrl: entry.adapter.promoUrl })
    expect(gateway.requestsFor(entry.method)[0]).toMatchObject({
      p_id: PID,
      goods_sign_list: `["${GOODS_SIGN}"]`,
      custom_parameters: '{"uid":"rbRECORDED1"}',
      generate_short_url: 'true',
    })
  })
})

/** A conversion PDD refuses with the recorded 备案 answer; the user check and then the PID check get `user` and `pid`. */
function refusedConversion(user: Entry, pid: Entry, rp: Entry): void {
  gateway.answer('pdd.ddk.goods.zs.unit.url.gen', answerOf(REFUSAL))
  gateway.answer('pdd.ddk.member.authority.query', answerOf(user), answerOf(pid))
  gateway.answer('pdd.ddk.rp.prom.url.generate', answerOf(rp))
}

describe('recorded member.authority.query answers in the 备案 flow', () => {
  it.each(AUTHORITY.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    refusedConversion(entry, BOUND, RP_FULL)
    const error = await adapter()
      .promote(shortLink, USER)
      .catch((e: unknown) => e)
    const [userCheck, pidCheck] = gateway.requestsFor('pdd.ddk.member.authority.query')
    expect(userCheck).toMatchObject({ pid: PID, custom_parameters: '{"uid":"rbRECORDED1"}' })
    expect(pidCheck).toMatchObject({ pid: PID })
    expect(pidCheck).not.toHaveProperty('custom_parameters')
    if (entry.adapter.bound === false) {
      expect(error).toBeInstanceOf(AuthorizationRequiredError)
    } else {
      // Bound yet refused: not the user's to fix, so no authorization link.
      expect(error).toBeInstanceOf(PddNotRegisteredError)
      expect(error).not.toBeInstanceOf(AuthorizationRequiredError)
    }
  })

  it('the PID itself not bound: the operator’s, not the user’s', async () => {
    refusedConversion(NOT_BOUND, NOT_BOUND, RP_FULL)
    const error = await adapter()
      .promote(shortLink, USER)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PddNotRegisteredError)
    expect(error).not.toBeInstanceOf(AuthorizationRequiredError)
  })
})

describe('recorded rp.prom.url.generate answers: the user’s authorization link', () => {
  it.each(RP.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    refusedConversion(NOT_BOUND, BOUND, entry)
    const error = await adapter()
      .promote(shortLink, USER)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthorizationRequiredError)
    expect((error as AuthorizationRequiredError).authorizationUrl).toBe(entry.adapter.authorizationUrl)
    expect(gateway.requestsFor(entry.method)[0]).toMatchObject({
      channel_type: '10',
      p_id_list: `["${PID}"]`,
      custom_parameters: '{"uid":"rbRECORDED1"}',
      generate_short_url: 'true',
    })
  })

  it.each(ERRORS.filter((e) => e.adapter.error === 'PddNotRegisteredError').map((entry) => [entry.name, entry] as const))(
    'every recorded 备案 refusal leads to the link: %s',
    async (_name, entry) => {
      gateway.answer('pdd.ddk.goods.promotion.url.generate', answerOf(entry))
      gateway.answer('pdd.ddk.goods.search', answerOf(GOODS))
      gateway.answer('pdd.ddk.member.authority.query', answerOf(NOT_BOUND), answerOf(BOUND))
      gateway.answer('pdd.ddk.rp.prom.url.generate', answerOf(RP_FULL))
      const error = await adapter()
        .promote(signLink, USER)
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(AuthorizationRequiredError)
      expect((error as AuthorizationRequiredError).authorizationUrl).toBe('https://p.pinduoduo.com/Rp10bInd')
    },
  )
})

describe('recorded order.list.increment.get answers through fetchOrderPage', () => {
  const window = { start: new Date('2025-11-19T00:00:00Z'), end: new Date('2025-11-20T00:00:00Z') }

  it.each(ORDERS.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    gateway.answer(entry.method, answerOf(entry))
    const result = await adapter()
      .fetchOrderPage(window, undefined)
      .catch((e: unknown) => e)
    if (entry.adapter.error !== undefined) {
      expect(result).toBeInstanceOf(errorClass(entry.adapter.error))
      return
    }
    const page = result as Awaited<ReturnType<PddPlatform['fetchOrderPage']>>
    expect(page.orders).toHaveLength((entry.adapter.orders as unknown[]).length)
    page.orders.forEach((order, i) => expect(order).toMatchObject((entry.adapter.orders as Record<string, unknown>[])[i] ?? {}))
    expect(page.rejected.map((r) => ({ orderId: r.orderId, field: r.field }))).toEqual(entry.adapter.rejected)
    expect(gateway.requestsFor(entry.method).every((r) => Number(r.page_size) >= 10 && Number(r.page_size) <= 100)).toBe(true)
  })
})

describe('recorded goods.search answers through listDeals', () => {
  it.each(DEALS.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    gateway.answer(entry.method, answerOf(entry))
    const result = await adapter()
      .listDeals({ keyword: '文具', pageSize: 20 })
      .catch((e: unknown) => e)
    if (entry.adapter.error !== undefined) {
      expect(result).toBeInstanceOf(errorClass(entry.adapter.error))
      return
    }
    const page = result as Awaited<ReturnType<PddPlatform['listDeals']>>
    expect(page.deals).toHaveLength((entry.adapter.deals as unknown[]).length)
    page.deals.forEach((deal, i) => expect(deal).toMatchObject((entry.adapter.deals as Record<string, unknown>[])[i] ?? {}))
    expect(page.hasMore).toBe(entry.adapter.hasMore)
    expect(gateway.requestsFor(entry.method)[0]).toMatchObject({ pid: PID, keyword: '文具', page_size: '20' })
  })
})
