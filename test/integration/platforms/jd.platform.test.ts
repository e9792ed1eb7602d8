import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ShortLink } from '../../../src/links/parsed-link.js'
import { applyRateBp } from '../../../src/money/fen.js'
import { JD_GOODS_METHOD, JD_PROMOTION_METHOD, JdPlatform, type JdPlatformOptions } from '../../../src/platforms/jd/jd.platform.js'
import {
  ItemNotPromotableError,
  LinkNotResolvableError,
  PlatformAuthError,
  PlatformRateLimitedError,
  PlatformRequestError,
  PlatformResponseError,
  PlatformUnavailableError,
} from '../../../src/platforms/platform-errors.js'
import { type SimItem, simItem, simPriceAfterCoupon } from '../../../src/simulator/catalog.js'
import { type RunningSimulator, startSimulator } from '../../../src/simulator/simulator-server.js'
import { SIM_CREDENTIALS, SimState } from '../../../src/simulator/sim-state.js'

const TIMEOUT_MS = 500
const MAX_ATTEMPTS = 3

let sim: RunningSimulator
let jd: JdPlatform

function adapter(overrides: Partial<JdPlatformOptions> = {}): JdPlatform {
  return new JdPlatform({
    ...SIM_CREDENTIALS.jd,
    gateway: sim.gatewayUrl('jd'),
    timeoutMs: TIMEOUT_MS,
    retry: { maxAttempts: MAX_ATTEMPTS, baseDelayMs: 1, maxDelayMs: 5 },
    ...overrides,
  })
}

/** The first catalog sku (12 digits, like JD's) whose item satisfies `test`. */
function findSku(test: (item: SimItem) => boolean): SimItem {
  for (let i = 0; i < 10_000; i++) {
    const item = simItem('jd', String(100_012_000_000 + i))
    if (test(item)) return item
  }
  throw new Error('no such catalog item')
}

/** A foreign u.jd.com code the simulator resolves the way `test` wants. */
function findForeignCode(test: (resolved: SimItem | 'expired') => boolean): string {
  for (let i = 0; i < 10_000; i++) {
    const code = `Fx${i}q`
    const resolved = sim.state.resolveForeign('jd', code)
    if (test(resolved === 'expired' ? resolved : simItem('jd', resolved.itemKey))) return code
  }
  throw new Error('no such foreign code')
}

const short = (url: string): ShortLink => ({ platform: 'jd', kind: 'short', url })
const promoCode = (url: string): string => url.slice(url.lastIndexOf('/') + 1)

/** What the adapter must report for a catalog item, derived from the catalog alone. */
function expectedPromotion(item: SimItem): Record<string, unknown> {
  const afterCoupon = simPriceAfterCoupon(item)
  return {
    platform: 'jd',
    itemId: item.apiId,
    title: item.title,
    imageUrl: item.imageUrl,
    priceFen: item.priceFen,
    coupon: item.coupon && { amountFen: item.coupon.amountFen, thresholdFen: item.coupon.thresholdFen, endsAt: item.coupon.endsAt },
    priceAfterCouponFen: afterCoupon,
    commissionRateBp: item.commissionRateBp,
    commissionFen: applyRateBp(afterCoupon, item.commissionRateBp),
    promoUrl: expect.stringMatching(/^https:\/\/u\.jd\.com\/[0-9A-Za-z]{8}$/),
  }
}

beforeAll(async () => {
  // These tests are about an account granted the 高级API (goods.query, bysubunionid.get); jd-basic-tier.test.ts covers the default.
  sim = await startSimulator({ port: 0, state: new SimState({ settings: { jdTier: 'advanced' } }) })
  jd = adapter()
})

afterEach(() => sim.state.clearFaults())

afterAll(async () => {
  await sim.close()
})

describe('JdPlatform.promote', () => {
  it('quotes and converts an item link, matching the catalog', async () => {
    const item = findSku((candidate) => candidate.inProgram && candidate.coupon !== null && candidate.coupon.amountFen > 100)
    const promotion = await jd.promote({ platform: 'jd', itemId: item.apiId }, { attributionId: 'user_1' })
    expect(promotion).toEqual(expectedPromotion(item))
    expect(sim.state.promoByCode(promoCode(promotion.promoUrl))).toMatchObject({ itemKey: item.itemKey, attributionId: 'user_1' })
  })

  it('reports no coupon for an item without one', async () => {
    const item = findSku((candidate) => candidate.inProgram && candidate.coupon === null)
    const promotion = await jd.promote({ platform: 'jd', itemId: item.apiId }, { attributionId: 'user_1' })
    expect(promotion).toEqual(expectedPromotion(item))
    expect(promotion.coupon).toBeNull()
    expect(promotion.priceAfterCouponFen).toBe(item.priceFen)
  })

  it('resolves a foreign u.jd.com and 3.cn short link to its item', async () => {
    const code = findForeignCode((resolved) => resolved !== 'expired' && resolved.inProgram)
    const resolved = sim.state.resolveForeign('jd', code)
    if (resolved === 'expired') throw new Error('unreachable')
    const expected = expectedPromotion(simItem('jd', resolved.itemKey))
    expect(await jd.promote(short(`https://u.jd.com/${code}`), { attributionId: 'user_2' })).toEqual(expected)
    expect(await jd.promote(short(`https://3.cn/${code}`), { attributionId: 'user_2' })).toEqual(expected)
  })

  it('resolves a promo link it issued, pasted back by another user, to the same item', async () => {
    const item = findSku((candidate) => candidate.inProgram)
    const first = await jd.promote({ platform: 'jd', itemId: item.apiId }, { attributionId: 'user_a' })
    const again = await jd.promote(short(first.promoUrl), { attributionId: 'user_b' })
    expect(again).toEqual(expectedPromotion(item))
    expect(again.promoUrl).not.toBe(first.promoUrl)
    const issued = sim.state.issuedPromos().filter((promo) => promo.itemKey === item.itemKey)
    expect(issued.map((promo) => promo.attributionId)).toEqual(expect.arrayContaining(['user_a', 'user_b']))
    const viaClick = await jd.promote(short(`https://union-click.jd.com/jdc?e=${promoCode(first.promoUrl)}`), { attributionId: 'user_b' })
    expect(viaClick.promoUrl).toBe(again.promoUrl)
  })

  it('refuses an item outside the program', async () => {
    const item = findSku((candidate) => !candidate.inProgram)
    await expect(jd.promote({ platform: 'jd', itemId: item.apiId }, { attributionId: 'user_1' })).rejects.toThrow(
      ItemNotPromotableError,
    )
  })

  it('refuses a short link to an item outside the program with the platform code', async () => {
    const code = findForeignCode((resolved) => resolved !== 'expired' && !resolved.inProgram)
    await expect(jd.promote(short(`https://u.jd.com/${code}`), { attributionId: 'user_1' })).rejects.toMatchObject({
      name: ItemNotPromotableError.name,
      code: 2001104,
    })
  })

  it('reports an expired foreign link as unresolvable', async () => {
    const code = findForeignCode((resolved) => resolved === 'expired')
    await expect(jd.promote(short(`https://u.jd.com/${code}`), { attributionId: 'user_1' })).rejects.toMatchObject({
      name: LinkNotResolvableError.name,
      code: 2001102,
    })
  })
})

describe('JdPlatform low-level calls', () => {
  it('finds an item by sku keyword and leaves out-of-program skus absent', async () => {
    const inside = findSku((candidate) => candidate.inProgram)
    const outside = findSku((candidate) => !candidate.inProgram)
    const bySku = await jd.queryGoods({ skuIds: [inside.apiId, outside.apiId] })
    expect(bySku.items.map((goods) => goods.skuId)).toEqual([inside.apiId])
    const byKeyword = await jd.queryGoods({ keyword: inside.apiId })
    expect(byKeyword).toMatchObject({ totalCount: 1, items: [{ skuId: inside.apiId, priceFen: inside.priceFen }] })
  })

  it('pages a free-text keyword search', async () => {
    const page = await jd.queryGoods({ keyword: '充电宝', pageSize: 5 })
    expect(page.items).toHaveLength(5)
    expect(page.totalCount).toBeGreaterThan(5)
  })

  it.each<[string, Record<string, unknown>, number]>([
    ['a malformed subUnionId', { materialId: 'https://item.jd.com/100012000001.html', subUnionId: 'has space' }, 2001208],
    ['subUnionId together with pid', { materialId: 'https://item.jd.com/100012000001.html', subUnionId: 'u1', pid: '1_2_3' }, 2001214],
    ['no materialId', { subUnionId: 'u1' }, 400],
    ['chainType out of range', { materialId: 'https://item.jd.com/100012000001.html', chainType: 9 }, 400],
  ])('rejects %s with PlatformRequestError', async (_name, promotionCodeReq, code) => {
    await expect(jd.call(JD_PROMOTION_METHOD, { promotionCodeReq })).rejects.toMatchObject({
      name: PlatformRequestError.name,
      code,
      requestId: expect.stringMatching(/^o_/),
    })
  })

  it('rejects goods.query without skuIds or keyword', async () => {
    await expect(jd.call(JD_GOODS_METHOD, { goodsReqDTO: { pageIndex: 1 } })).rejects.toThrow(PlatformRequestError)
  })

  it('refuses a bare sku as materialId, as JD does', async () => {
    await expect(jd.getPromotionLink({ materialId: '100012000001' })).rejects.toMatchObject({
      name: LinkNotResolvableError.name,
      code: 2001101,
    })
  })

  it('reports an unknown method as a request error', async () => {
    await expect(jd.call('jd.union.open.nothing.get', { req: {} })).rejects.toMatchObject({
      name: PlatformRequestError.name,
      code: '15',
    })
  })

  it('returns the 京口令 when asked', async () => {
    const item = findSku((candidate) => candidate.inProgram)
    const link = await jd.getPromotionLink({ materialId: `https://item.jd.com/${item.apiId}.html`, withCommand: true })
    expect(link).toMatchObject({ shortURL: expect.any(String), clickURL: expect.any(String), jShortCommand: expect.any(String) })
  })
})

describe('JdPlatform failures', () => {
  const itemLink = () => ({ platform: 'jd' as const, itemId: findSku((candidate) => candidate.inProgram).apiId })

  it.each<[string, Partial<JdPlatformOptions>]>([
    ['a wrong secret', { secret: 'not-the-secret' }],
    ['a wrong app key', { appKey: 'someone-else' }],
  ])('fails fast with PlatformAuthError on %s, without retrying', async (_name, overrides) => {
    const sleeps: number[] = []
    const wrong = adapter({
      ...overrides,
      retry: { maxAttempts: MAX_ATTEMPTS, baseDelayMs: 1, maxDelayMs: 5, sleep: async (ms) => void sleeps.push(ms) },
    })
    await expect(wrong.promote(itemLink(), { attributionId: 'user_1' })).rejects.toThrow(PlatformAuthError)
    expect(sleeps).toEqual([])
  })

  it('succeeds after one throttled answer', async () => {
    sim.state.injectFault('jd', 'rate-limit', 1)
    await expect(jd.queryGoods({ skuIds: [itemLink().itemId] })).resolves.toMatchObject({ totalCount: 1 })
  })

  it('gives up with PlatformRateLimitedError when throttling lasts', async () => {
    sim.state.injectFault('jd', 'rate-limit', 5)
    await expect(jd.promote(itemLink(), { attributionId: 'user_1' })).rejects.toThrow(PlatformRateLimitedError)
  })

  it.each([['unavailable'], ['http-500']] as const)('reports %s as PlatformUnavailableError after retries', async (fault) => {
    sim.state.injectFault('jd', fault, MAX_ATTEMPTS)
    await expect(jd.queryGoods({ skuIds: [itemLink().itemId] })).rejects.toThrow(PlatformUnavailableError)
  })

  it('gives up on a hanging gateway within the attempts × timeout budget', async () => {
    sim.state.injectFault('jd', 'timeout', MAX_ATTEMPTS)
    const started = Date.now()
    await expect(jd.queryGoods({ skuIds: [itemLink().itemId] })).rejects.toThrow(PlatformUnavailableError)
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * MAX_ATTEMPTS + 1_000)
  })

  it('reports a body that is not JSON as PlatformResponseError', async () => {
    sim.state.injectFault('jd', 'not-json', 1)
    await expect(jd.queryGoods({ skuIds: [itemLink().itemId] })).rejects.toThrow(PlatformResponseError)
  })
})
