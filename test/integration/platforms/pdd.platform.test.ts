import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ParsedLink } from '../../../src/links/parsed-link.js'
import { applyRateBp } from '../../../src/money/fen.js'
import {
  ItemNotPromotableError,
  LinkNotResolvableError,
  PlatformAuthError,
  PlatformRateLimitedError,
  PlatformRequestError,
  PlatformResponseError,
  PlatformUnavailableError,
} from '../../../src/platforms/platform-errors.js'
import { PddPlatform, type PddPlatformOptions } from '../../../src/platforms/pdd/pdd.platform.js'
import { type SimItem, simItem, simPriceAfterCoupon } from '../../../src/simulator/catalog.js'
import { SIM_CREDENTIALS } from '../../../src/simulator/sim-state.js'
import { type RunningSimulator, startSimulator } from '../../../src/simulator/simulator-server.js'

const PID = '1949211_49329093'
const TIMEOUT_MS = 500
const RETRY = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 }
const USER = { attributionId: 'u_42' }

let sim: RunningSimulator
let pdd: PddPlatform

function adapter(overrides: Partial<PddPlatformOptions> = {}): PddPlatform {
  return new PddPlatform({
    ...SIM_CREDENTIALS.pdd,
    pid: PID,
    gateway: sim.gatewayUrl('pdd'),
    timeoutMs: TIMEOUT_MS,
    retry: RETRY,
    ...overrides,
  })
}

/** The first goods id from a fixed start whose synthetic item satisfies `wanted`. */
function findItem(wanted: (item: SimItem) => boolean): SimItem {
  for (let n = 100_000_001; n < 100_010_000; n++) {
    const item = simItem('pdd', String(n))
    if (wanted(item)) return item
  }
  throw new Error('no such item in the first 10000 keys')
}

/** The first foreign short code the simulator resolves as `wanted` says. */
function findForeignCode(wanted: (resolved: { itemKey: string } | 'expired') => boolean): string {
  for (let n = 0; n < 10_000; n++) {
    const code = `Fz${n.toString(36).padStart(6, '0')}`
    if (wanted(sim.state.resolveForeign('pdd', code))) return code
  }
  throw new Error('no such foreign code')
}

const itemLink = (item: SimItem): ParsedLink => ({ platform: 'pdd', itemId: item.itemKey })
const shortLink = (url: string): ParsedLink => ({ platform: 'pdd', kind: 'short', url })
const withCoupon = findItem((i) => i.inProgram && i.coupon !== null && i.coupon.thresholdFen > 0)
const withoutCoupon = findItem((i) => i.inProgram && i.coupon === null)
const outsideProgram = findItem((i) => !i.inProgram)

function expectQuoteOf(item: SimItem, promotion: Awaited<ReturnType<PddPlatform['promote']>>): void {
  const after = simPriceAfterCoupon(item)
  expect(promotion).toMatchObject({
    platform: 'pdd',
    itemId: item.apiId,
    title: item.title,
    imageUrl: item.imageUrl,
    priceFen: item.priceFen,
    priceAfterCouponFen: after,
    commissionRateBp: item.commissionRateBp,
    commissionFen: applyRateBp(after, item.commissionRateBp),
  })
  expect(promotion.coupon === null ? null : { amountFen: promotion.coupon.amountFen, thresholdFen: promotion.coupon.thresholdFen }).toEqual(
    item.coupon === null ? null : { amountFen: item.coupon.amountFen, thresholdFen: item.coupon.thresholdFen },
  )
  expect(promotion.promoUrl).toMatch(/^https:\/\/p\.pinduoduo\.com\/[0-9A-Za-z]{8}$/)
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 })
  // These tests are about conversion, not 授权备案 (pdd-registration.test.ts): every uid here has done it.
  for (const uid of ['u_42', 'u_77', 'u_long', 'u_other', 'u_1', 'u_9', 'u_promo']) sim.state.pddAuthorized.add(uid)
  pdd = adapter()
})

afterAll(async () => {
  await sim.close()
})

afterEach(() => {
  sim.state.clearFaults()
})

describe('PddPlatform.promote against the simulator', () => {
  it('converts a goods page link, quoting exactly what the catalog holds', async () => {
    const promotion = await pdd.promote(itemLink(withCoupon), USER)
    expectQuoteOf(withCoupon, promotion)
    expect(promotion.coupon).not.toBeNull()
    const issued = sim.state.promoByCode(promotion.promoUrl.split('/').pop() ?? '')
    expect(issued).toMatchObject({ platform: 'pdd', itemKey: withCoupon.itemKey, attributionId: USER.attributionId })
  })

  it('quotes an item without a coupon at its full price', async () => {
    const promotion = await pdd.promote(itemLink(withoutCoupon), USER)
    expectQuoteOf(withoutCoupon, promotion)
    expect(promotion.coupon).toBeNull()
    expect(promotion.priceAfterCouponFen).toBe(withoutCoupon.priceFen)
  })

  it('resolves a foreign p.pinduoduo.com short link', async () => {
    const code = findForeignCode((r) => r !== 'expired' && simItem('pdd', r.itemKey).inProgram)
    const resolved = sim.state.resolveForeign('pdd', code) as { itemKey: string }
    const promotion = await pdd.promote(shortLink(`https://p.pinduoduo.com/${code}`), USER)
    expectQuoteOf(simItem('pdd', resolved.itemKey), promotion)
  })

  it('resolves a goods.html?ps= share link', async () => {
    const code = findForeignCode((r) => r !== 'expired' && simItem('pdd', r.itemKey).inProgram)
    const resolved = sim.state.resolveForeign('pdd', code) as { itemKey: string }
    const promotion = await pdd.promote(shortLink(`https://mobile.yangkeduo.com/goods.html?ps=${code}`), USER)
    expect(promotion.itemId).toBe(simItem('pdd', resolved.itemKey).apiId)
  })

  it('maps an issued promo link pasted back (by someone else) to the same item, issued to the new user', async () => {
    const first = await pdd.promote(itemLink(withCoupon), USER)
    const again = await pdd.promote(shortLink(first.promoUrl), { attributionId: 'u_77' })
    expect(again.itemId).toBe(withCoupon.apiId)
    expect(again.promoUrl).not.toBe(first.promoUrl)
    const promos = sim.state.issuedPromos().filter((p) => p.platform === 'pdd' && p.itemKey === withCoupon.itemKey)
    expect(promos.map((p) => p.attributionId)).toEqual(expect.arrayContaining(['u_42', 'u_77']))
  })

  it('maps an issued long landing URL pasted back to the same item', async () => {
    const urls = await pdd.generatePromotionUrl(withCoupon.apiId, 'u_long')
    const again = await pdd.promote(shortLink(urls.url), { attributionId: 'u_other' })
    expectQuoteOf(withCoupon, again)
  })

  it('gives the same user the same link for the same item', async () => {
    const first = await pdd.promote(itemLink(withoutCoupon), USER)
    const second = await pdd.promote(shortLink(first.promoUrl), USER)
    expect(second.promoUrl).toBe(first.promoUrl)
  })

  it('converts an item link carrying a goods_sign without zs.unit.url.gen', async () => {
    const promotion = await pdd.promote({ platform: 'pdd', itemId: withCoupon.apiId }, USER)
    expectQuoteOf(withCoupon, promotion)
  })

  it('refuses an item outside the program', async () => {
    await expect(pdd.promote(itemLink(outsideProgram), USER)).rejects.toThrow(ItemNotPromotableError)
  })

  it('reports an expired foreign short link as not resolvable', async () => {
    const code = findForeignCode((r) => r === 'expired')
    await expect(pdd.promote(shortLink(`https://p.pinduoduo.com/${code}`), USER)).rejects.toThrow(LinkNotResolvableError)
  })

  it('reports a PDD page that is not a goods as not resolvable', async () => {
    await expect(pdd.promote(shortLink('https://mobile.yangkeduo.com/duo_nine_nine.html'), USER)).rejects.toThrow(
      LinkNotResolvableError,
    )
  })
})

describe('PddPlatform API methods against the simulator', () => {
  it('searchGoods leaves out goods outside the program and unknown signs', async () => {
    const result = await pdd.searchGoods([withCoupon.apiId, outsideProgram.apiId, 'NotASign000_123456'], 'u_1')
    expect(result.goods.map((g) => g.goodsSign)).toEqual([withCoupon.apiId])
    expect(result.goods[0]).toMatchObject({
      title: withCoupon.title,
      priceFen: withCoupon.priceFen,
      commissionRateBp: withCoupon.commissionRateBp,
      mallName: withCoupon.shopName,
    })
    expect(result.searchId).toBeTruthy()
  })

  it('generateZsUnitUrl reads the goods_sign out of the long URL', async () => {
    const urls = await pdd.generateZsUnitUrl(`https://mobile.yangkeduo.com/goods.html?goods_id=${withCoupon.itemKey}`, 'u_9')
    expect(urls.goodsSign).toBe(withCoupon.apiId)
    expect(urls.shortUrl).toMatch(/^https:\/\/p\.pinduoduo\.com\//)
    expect(urls.mobileUrl).toContain('launch_url=')
  })

  it('generatePromotionUrl records the uid from custom_parameters', async () => {
    const urls = await pdd.generatePromotionUrl(withoutCoupon.apiId, 'u_promo')
    const issued = sim.state.promoByCode(urls.shortUrl?.split('/').pop() ?? '')
    expect(issued).toMatchObject({ itemKey: withoutCoupon.itemKey, attributionId: 'u_promo' })
  })

  it.each([
    ['a missing pid', 'pdd.ddk.goods.search', { goods_sign_list: [withCoupon.apiId] }],
    ['a goods_sign_list that is not JSON', 'pdd.ddk.goods.search', { pid: PID, goods_sign_list: 'abc' }],
    ['a malformed p_id', 'pdd.ddk.goods.promotion.url.generate', { p_id: 'x', goods_sign_list: [withCoupon.apiId] }],
    ['custom_parameters over 64 bytes', 'pdd.ddk.goods.search', { pid: PID, goods_sign_list: [withCoupon.apiId], custom_parameters: { uid: 'x'.repeat(60) } }],
    ['custom_parameters without uid', 'pdd.ddk.goods.search', { pid: PID, goods_sign_list: [withCoupon.apiId], custom_parameters: { sid: 's' } }],
    ['a boolean in upper case', 'pdd.ddk.goods.promotion.url.generate', { p_id: PID, goods_sign_list: [withCoupon.apiId], generate_short_url: 'TRUE' }],
    ['a missing source_url', 'pdd.ddk.goods.zs.unit.url.gen', { pid: PID }],
    ['an unknown method', 'pdd.ddk.goods.nothing', { pid: PID }],
  ])('call() with %s → PlatformRequestError', async (_label, method, params) => {
    await expect(pdd.call(method, params)).rejects.toThrow(PlatformRequestError)
  })
})

describe('PddPlatform failures against the simulator', () => {
  it('reports a wrong secret as PlatformAuthError, fast (not retried)', async () => {
    const started = Date.now()
    const error = await adapter({ secret: 'wrong' }).promote(itemLink(withCoupon), USER).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PlatformAuthError)
    expect((error as PlatformAuthError).code).toBe(20004)
    expect((error as Error).message).toMatch(/pdd\.ddk\.goods\.zs\.unit\.url\.gen failed: error_code 20004 .*request_id \d+/)
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS)
  })

  it('reports a wrong client_id as PlatformAuthError', async () => {
    await expect(adapter({ appKey: 'nobody' }).promote(itemLink(withCoupon), USER)).rejects.toThrow(PlatformAuthError)
  })

  it('retries through one rate limit', async () => {
    sim.state.injectFault('pdd', 'rate-limit', 1)
    expectQuoteOf(withCoupon, await pdd.promote(itemLink(withCoupon), USER))
  })

  it('gives up on a lasting rate limit with PlatformRateLimitedError', async () => {
    sim.state.injectFault('pdd', 'rate-limit', 5)
    await expect(pdd.promote(itemLink(withCoupon), USER)).rejects.toThrow(PlatformRateLimitedError)
  })

  it('reports a lasting outage as PlatformUnavailableError', async () => {
    sim.state.injectFault('pdd', 'unavailable', 3)
    await expect(pdd.promote(itemLink(withCoupon), USER)).rejects.toThrow(PlatformUnavailableError)
  })

  it('gives up on timeouts within about timeoutMs × attempts', async () => {
    sim.state.injectFault('pdd', 'timeout', 3)
    const started = Date.now()
    await expect(pdd.promote(itemLink(withCoupon), USER)).rejects.toThrow(PlatformUnavailableError)
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * RETRY.maxAttempts + 1000)
  })

  it('reports lasting HTTP 500s as PlatformUnavailableError', async () => {
    sim.state.injectFault('pdd', 'http-500', 3)
    await expect(pdd.promote(itemLink(withCoupon), USER)).rejects.toThrow(PlatformUnavailableError)
  })

  it('reports a body that is not JSON as PlatformResponseError', async () => {
    sim.state.injectFault('pdd', 'not-json', 1)
    await expect(pdd.promote(itemLink(withCoupon), USER)).rejects.toThrow(PlatformResponseError)
  })
})
