import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ParsedLink } from '../../../src/links/parsed-link.js'
import { applyRateBp } from '../../../src/money/fen.js'
import {
  ItemNotPromotableError,
  LinkNotResolvableError,
  PlatformAuthError,
  PlatformPermissionError,
  PlatformRateLimitedError,
  PlatformRequestError,
  PlatformResponseError,
  PlatformUnavailableError,
} from '../../../src/platforms/platform-errors.js'
import type { SignMethod } from '../../../src/platforms/sign.js'
import { TaobaoPlatform, type TaobaoPlatformOptions } from '../../../src/platforms/taobao/taobao.platform.js'
import { simItem, simPriceAfterCoupon, type SimItem } from '../../../src/simulator/catalog.js'
import { SIM_CREDENTIALS } from '../../../src/simulator/sim-state.js'
import { startSimulator, type RunningSimulator } from '../../../src/simulator/simulator-server.js'
import { buildTaobaoForm } from '../../../src/platforms/taobao/taobao-request.js'
import { FOREIGN_ADZONE_ID } from '../../../src/simulator/taobao/taobao-envelope.js'
import { convertGivesTpwd } from '../../../src/simulator/taobao/taobao-link-convert.js'
import { startReplayGateway } from '../../support/replay-gateway.js'

const LINK_CONVERT = 'taobao.tbk.dg.general.link.convert'
const ITEM_INFO = 'taobao.tbk.item.info.upgrade.get'

/** A signed form as the adapter would send it, to ask the simulator for a real-shaped answer to replay. */
function buildTaobaoFormFor(method: string, business: Record<string, string>): Record<string, string> {
  return buildTaobaoForm(method, business, { ...SIM_CREDENTIALS.taobao, signMethod: 'md5' }, new Date())
}

const TIMEOUT_MS = 500
const RETRY = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 }
const USER = { attributionId: 'u-1001' }
const TPWD = /^￥[0-9A-Za-z]{11}￥$/

let sim: RunningSimulator

function platform(overrides: Partial<TaobaoPlatformOptions> = {}): TaobaoPlatform {
  return new TaobaoPlatform({
    ...SIM_CREDENTIALS.taobao,
    gateway: sim.gatewayUrl('taobao'),
    timeoutMs: TIMEOUT_MS,
    retry: RETRY,
    adzoneId: '109876543210',
    signMethod: 'md5',
    ...overrides,
  })
}

/** The first catalog item (by key) that fits, so tests do not hard-code the synthetic catalog. */
function findItem(fits: (item: SimItem) => boolean): SimItem {
  for (let key = 600_000; key < 610_000; key++) {
    const item = simItem('taobao', String(key))
    if (fits(item)) return item
  }
  throw new Error('no such item in the catalog')
}

const foreignReferences = Array.from({ length: 1000 }, (_, i) => `Frgn${String(i).padStart(7, '0')}`)

/** A reference the simulator never issued that resolves to a promotable item. */
function foreignItemReference(): { reference: string; item: SimItem } {
  for (const reference of foreignReferences) {
    const resolved = sim.state.resolveForeign('taobao', reference)
    if (resolved === 'expired') continue
    const item = simItem('taobao', resolved.itemKey)
    if (item.inProgram) return { reference, item }
  }
  throw new Error('no such reference')
}

function expiredReference(): string {
  const reference = foreignReferences.find((ref) => sim.state.resolveForeign('taobao', ref) === 'expired')
  if (reference === undefined) throw new Error('no such reference')
  return reference
}

const itemLink = (item: SimItem): ParsedLink => ({ platform: 'taobao', itemId: item.itemKey })

function expectQuoteOf(item: SimItem, promotion: Awaited<ReturnType<TaobaoPlatform['promote']>>): void {
  const after = simPriceAfterCoupon(item)
  expect(promotion).toMatchObject({
    platform: 'taobao',
    itemId: item.apiId,
    title: item.title,
    imageUrl: item.imageUrl,
    priceFen: item.priceFen,
    priceAfterCouponFen: after,
    commissionRateBp: item.commissionRateBp,
    commissionFen: applyRateBp(after, item.commissionRateBp),
  })
  expect(promotion.coupon).toEqual(
    item.coupon ? { amountFen: item.coupon.amountFen, thresholdFen: item.coupon.thresholdFen, endsAt: item.coupon.endsAt } : null,
  )
  expect(promotion.tpwd).toMatch(TPWD)
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 })
})

afterAll(async () => {
  await sim.close()
})

afterEach(() => {
  sim.state.clearFaults()
})

describe('TaobaoPlatform.promote over the simulator', () => {
  it('promotes an item link with a coupon: quote matches the catalog, promo link recorded for the user', async () => {
    const item = findItem((i) => i.inProgram && i.coupon !== null && i.coupon.thresholdFen > 0 && convertGivesTpwd(i.itemKey))
    const promotion = await platform().promote(itemLink(item), USER)
    expectQuoteOf(item, promotion)
    const issued = sim.state.issuedPromos().find((promo) => promo.shortUrl === promotion.promoUrl)
    // C4: no external_id goes with the conversion, so the link names no user (the next rung attributes the order).
    expect(issued).toMatchObject({ platform: 'taobao', itemKey: item.itemKey, attributionId: undefined, relationId: undefined })
    const sent = sim.state.callCounts()
    expect(sent.get('taobao taobao.tbk.dg.general.link.convert')).toBeGreaterThan(0)
  })

  it('makes two serial calls per link when 万能转链 gives the 口令, and converts without external_id', async () => {
    const gateway = await startReplayGateway()
    try {
      const item = findItem((i) => i.inProgram && convertGivesTpwd(i.itemKey))
      const answer = async (method: string, form: Record<string, string>) =>
        (await fetch(sim.gatewayUrl('taobao'), { method: 'POST', body: new URLSearchParams(buildTaobaoFormFor(method, form)) })).json()
      gateway.answer(LINK_CONVERT, { body: await answer(LINK_CONVERT, { adzone_id: '109876543210', material_list: `https://item.taobao.com/item.htm?id=${item.itemKey}` }) })
      gateway.answer(ITEM_INFO, { body: await answer(ITEM_INFO, { item_id: item.apiId }) })
      const promotion = await platform({ gateway: gateway.url }).promote(itemLink(item), { attributionId: 'u-9', taobaoRelationId: undefined })
      expect(promotion.tpwd).toMatch(TPWD)
      expect(gateway.requests.map((r) => r.method)).toEqual([LINK_CONVERT, ITEM_INFO])
      expect(gateway.requestsFor(LINK_CONVERT)[0]).not.toHaveProperty('external_id')
    } finally {
      await gateway.close()
    }
  })

  it('promotes an item without a coupon at full price', async () => {
    const item = findItem((i) => i.inProgram && i.coupon === null)
    const promotion = await platform().promote(itemLink(item), USER)
    expectQuoteOf(item, promotion)
    expect(promotion.priceAfterCouponFen).toBe(item.priceFen)
  })

  it('falls back to tpwd.create when the conversion carries no 口令', async () => {
    const item = findItem((i) => i.inProgram && !convertGivesTpwd(i.itemKey))
    expectQuoteOf(item, await platform().promote(itemLink(item), USER))
  })

  it('resolves a foreign short link through the platform', async () => {
    const { reference, item } = foreignItemReference()
    const link: ParsedLink = { platform: 'taobao', kind: 'short', url: `https://m.tb.cn/${reference}` }
    expectQuoteOf(item, await platform().promote(link, USER))
  })

  it('resolves a foreign 淘口令, alone or inside the pasted share text', async () => {
    const { reference: code, item } = foreignItemReference()
    const link: ParsedLink = { platform: 'taobao', kind: 'code', code }
    const pasted = `【淘宝】https://m.tb.cn/h.5zxz3j69cN5go4k?tk=${code} MF6563 「${item.title}」\n点击链接直接打开, 或者淘宝搜索`
    expect((await platform().promote(link, USER)).itemId).toBe(item.apiId)
    expect((await platform().promote(link, USER, pasted)).itemId).toBe(item.apiId)
  })

  it('resolves its own promo link and 口令 pasted back to the same item, for another user', async () => {
    const item = findItem((i) => i.inProgram && i.coupon !== null && convertGivesTpwd(i.itemKey))
    const first = await platform().promote(itemLink(item), USER)
    const friend = { attributionId: 'u-2002' }
    const viaLink = await platform().promote({ platform: 'taobao', kind: 'short', url: first.promoUrl }, friend)
    const code = first.tpwd?.slice(1, -1) ?? ''
    const viaCode = await platform().promote({ platform: 'taobao', kind: 'code', code }, friend)
    expect(viaLink.itemId).toBe(item.apiId)
    expect(viaCode.itemId).toBe(item.apiId)
    // Without a relation id every user gets the account's one link for the item: TOP cannot tell them apart.
    expect(viaLink.promoUrl).toBe(first.promoUrl)
  })

  it('sends the relation id (with biz_scene_id=2) when the user has one', async () => {
    const item = findItem((i) => i.inProgram)
    const promotion = await platform().promote(itemLink(item), { attributionId: 'u-3003', taobaoRelationId: '2712345678' })
    const issued = sim.state.issuedPromos().find((promo) => promo.shortUrl === promotion.promoUrl)
    expect(issued).toMatchObject({ attributionId: undefined, relationId: '2712345678' })
  })

  it('refuses an item outside the program as not in the program (isv.item-not-exist)', async () => {
    const item = findItem((i) => !i.inProgram)
    const error = platform().promote(itemLink(item), USER)
    await expect(error).rejects.toBeInstanceOf(ItemNotPromotableError)
    await expect(error).rejects.toMatchObject({ code: 15, subCode: 'isv.item-not-exist' })
  })

  it('reports an adzone of another account as the operator’s configuration, not retried', async () => {
    let sleeps = 0
    const retry = { ...RETRY, sleep: async () => void sleeps++ }
    const error = platform({ adzoneId: FOREIGN_ADZONE_ID, retry }).promote(itemLink(findItem((i) => i.inProgram)), USER)
    await expect(error).rejects.toBeInstanceOf(PlatformPermissionError)
    await expect(error).rejects.toMatchObject({ subCode: 'isv.pid-not-correct', api: LINK_CONVERT })
    expect(sleeps).toBe(0)
  })

  it('converts the item page URL when the pasted text gives only a numeric id (-4003)', async () => {
    const item = findItem((i) => i.inProgram)
    const promotion = await platform().promote(itemLink(item), USER, item.itemKey)
    expect(promotion.itemId).toBe(item.apiId)
  })

  it.each([
    ['short link', (ref: string): ParsedLink => ({ platform: 'taobao', kind: 'short', url: `https://s.click.taobao.com/${ref}` })],
    ['淘口令', (ref: string): ParsedLink => ({ platform: 'taobao', kind: 'code', code: ref })],
  ])('reports an expired foreign %s as not resolvable', async (_name, linkOf) => {
    await expect(platform().promote(linkOf(expiredReference()), USER)).rejects.toBeInstanceOf(LinkNotResolvableError)
  })

  it.each<SignMethod>(['md5', 'hmac', 'hmac-sha256'])('signs with %s', async (signMethod) => {
    const item = findItem((i) => i.inProgram)
    expect((await platform({ signMethod }).promote(itemLink(item), USER)).itemId).toBe(item.apiId)
  })
})

describe('TaobaoPlatform low-level calls', () => {
  it('creates a 淘口令 for its own promo link and refuses a non-union url', async () => {
    const item = findItem((i) => i.inProgram)
    const { promoUrl } = await platform().promote(itemLink(item), USER)
    expect((await platform().createTpwd(promoUrl)).tpwd).toMatch(TPWD)
    await expect(platform().createTpwd('https://example.com/x')).rejects.toBeInstanceOf(PlatformRequestError)
  })

  it('reports a missing business param as PlatformRequestError', async () => {
    const error = platform().call('taobao.tbk.item.info.upgrade.get', {})
    await expect(error).rejects.toBeInstanceOf(PlatformRequestError)
    await expect(error).rejects.toMatchObject({ code: 40 })
  })

  it('reports an invalid adzone id as PlatformRequestError', async () => {
    const item = findItem((i) => i.inProgram)
    await expect(platform({ adzoneId: 'mm_1_2_3' }).promote(itemLink(item), USER)).rejects.toMatchObject({
      name: 'PlatformRequestError',
      code: 41,
    })
  })

  it('reports an unknown method as PlatformRequestError', async () => {
    await expect(platform().call('taobao.tbk.no.such.method', {})).rejects.toMatchObject({ name: 'PlatformRequestError', code: 22 })
  })

  it('reports an item id the platform does not know as not resolvable', async () => {
    await expect(platform().itemInfo('nope-1')).rejects.toBeInstanceOf(LinkNotResolvableError)
  })
})

describe('TaobaoPlatform failures', () => {
  const item = () => findItem((i) => i.inProgram)

  it.each<[string, Partial<TaobaoPlatformOptions>, number]>([
    ['a wrong secret', { secret: 'not-the-secret' }, 25],
    ['a wrong app key', { appKey: '99999999' }, 29],
  ])('fails %s with PlatformAuthError and no retry', async (_name, overrides, code) => {
    let sleeps = 0
    const retry = { ...RETRY, sleep: async () => void sleeps++ }
    await expect(platform({ ...overrides, retry }).promote(itemLink(item()), USER)).rejects.toMatchObject({
      name: PlatformAuthError.name,
      code,
    })
    expect(sleeps).toBe(0)
  })

  it('retries through one rate-limit answer', async () => {
    sim.state.injectFault('taobao', 'rate-limit', 1)
    expect((await platform().promote(itemLink(item()), USER)).itemId).toBe(item().apiId)
  })

  it.each<[string, 'rate-limit' | 'unavailable' | 'http-500', abstract new (...args: never[]) => Error]>([
    ['rate-limit', 'rate-limit', PlatformRateLimitedError],
    ['unavailable', 'unavailable', PlatformUnavailableError],
    ['http-500', 'http-500', PlatformUnavailableError],
  ])('gives up on a lasting %s fault with the typed error', async (_name, fault, errorClass) => {
    sim.state.injectFault('taobao', fault, 5)
    await expect(platform().promote(itemLink(item()), USER)).rejects.toBeInstanceOf(errorClass)
  })

  it('gives up on timeouts within the attempts × timeout budget', async () => {
    sim.state.injectFault('taobao', 'timeout', RETRY.maxAttempts)
    const started = Date.now()
    const error = platform().promote(itemLink(item()), USER)
    await expect(error).rejects.toBeInstanceOf(PlatformUnavailableError)
    await expect(error).rejects.toThrow(/taobao\.tbk\.dg\.general\.link\.convert: gateway timed out/)
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * RETRY.maxAttempts + 1000)
  })

  it('reports a body that is not JSON as PlatformResponseError', async () => {
    sim.state.injectFault('taobao', 'not-json', 1)
    await expect(platform().promote(itemLink(item()), USER)).rejects.toBeInstanceOf(PlatformResponseError)
  })
})

describe('TaobaoPlatform request on the wire', () => {
  it('POSTs exactly the signed form of the reference vector', async () => {
    const received: Array<{ contentType: string | undefined; form: Record<string, string> }> = []
    const gateway = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')))
        received.push({ contentType: req.headers['content-type'], form })
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify({ tbk_tpwd_create_response: { data: { password_simple: '￥AbCdEfGhIjK￥' }, request_id: 'r' } }))
      })
    })
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = gateway.address() as AddressInfo
      const adapter = platform({
        appKey: '12345678',
        secret: 'test-secret',
        gateway: `http://127.0.0.1:${port}/router/rest`,
        now: () => new Date('2024-01-01T04:00:00Z'),
      })
      expect(await adapter.createTpwd('https://s.click.taobao.com/abc')).toEqual({ tpwd: '￥AbCdEfGhIjK￥', model: undefined })
      expect(received).toEqual([
        {
          contentType: 'application/x-www-form-urlencoded;charset=utf-8',
          form: {
            method: 'taobao.tbk.tpwd.create',
            app_key: '12345678',
            timestamp: '2024-01-01 12:00:00',
            format: 'json',
            v: '2.0',
            sign_method: 'md5',
            url: 'https://s.click.taobao.com/abc',
            sign: '0A68877DFDDBDA59AD11D035F3074A27',
          },
        },
      ])
    } finally {
      await new Promise<void>((resolve) => gateway.close(() => resolve()))
    }
  })
})
