import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { applyRateBp } from '../../../src/money/fen.js'
import {
  JD_COMMON_PROMOTION_METHOD,
  JD_GOODS_INFO_METHOD,
  JD_GOODS_METHOD,
  JD_PROMOTION_METHOD,
  JdPlatform,
  type JdPlatformOptions,
} from '../../../src/platforms/jd/jd.platform.js'
import {
  ItemNotPromotableError,
  PlatformPermissionError,
  PlatformRequestError,
  PlatformUnavailableError,
} from '../../../src/platforms/platform-errors.js'
import { type SimItem, simItem, simPriceAfterCoupon } from '../../../src/simulator/catalog.js'
import { jdCouponRefusal } from '../../../src/simulator/jd/jd-coupon-check.js'
import { injectJdError } from '../../../src/simulator/jd/jd-injected-errors.js'
import { jdUnionItemId } from '../../../src/simulator/jd/jd-union-item-id.js'
import { type RunningSimulator, startSimulator } from '../../../src/simulator/simulator-server.js'
import { SIM_CREDENTIALS, SimState } from '../../../src/simulator/sim-state.js'

const SITE_ID = '4000123456'
const CLICK_URL = /^https:\/\/union-click\.jd\.com\/jdc\?e=[0-9A-Za-z]{8}$/

let sim: RunningSimulator

function adapter(overrides: Partial<JdPlatformOptions> = {}): JdPlatform {
  return new JdPlatform({
    ...SIM_CREDENTIALS.jd,
    gateway: sim.gatewayUrl('jd'),
    timeoutMs: 500,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
    siteId: SITE_ID,
    positionId: '3100000001',
    ...overrides,
  })
}

function findSku(test: (item: SimItem) => boolean, from = 100_012_000_000): SimItem {
  for (let i = 0; i < 10_000; i++) {
    const item = simItem('jd', String(from + i))
    if (test(item)) return item
  }
  throw new Error('no such catalog item')
}

/** Calls per method since `before`, as the simulator counted them. */
function callsSince(before: ReadonlyMap<string, number>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [key, count] of sim.state.callCounts()) {
    const delta = count - (before.get(key) ?? 0)
    if (delta > 0) out[key.replace(/^jd /, '')] = delta
  }
  return out
}

const codeOf = (clickUrl: string): string => new URL(clickUrl).searchParams.get('e') ?? ''

beforeAll(async () => {
  sim = await startSimulator({ port: 0, state: new SimState() })
})

beforeEach(() => {
  sim.state.settings.jdTier = 'basic'
})

afterAll(async () => {
  await sim.close()
})

describe('JD on an ordinary account (the simulator default, jdTier basic)', () => {
  it('answers the advanced APIs with the real inner 403', async () => {
    const jd = adapter()
    const error = await jd.queryGoods({ skuIds: ['100012043978'] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PlatformPermissionError)
    expect(error).toMatchObject({ code: 403, api: JD_GOODS_METHOD, message: expect.stringContaining('无访问权限') })
  })

  it('converts an item link through promotion.common.get, quoting price and commission from promotiongoodsinfo', async () => {
    const item = findSku((candidate) => candidate.inProgram && candidate.coupon !== null)
    const jd = adapter()
    await jd.checkSetup()
    expect(jd.permissions.deniedApis().sort()).toEqual([JD_GOODS_METHOD, JD_PROMOTION_METHOD].sort())
    const before = sim.state.callCounts()
    const promotion = await jd.promote({ platform: 'jd', itemId: item.apiId }, { attributionId: 'u_basic_1' })
    expect(promotion).toEqual({
      platform: 'jd',
      itemId: item.apiId,
      title: item.title,
      imageUrl: item.imageUrl,
      priceFen: item.priceFen,
      // promotiongoodsinfo tells nothing of coupons, and common.get bound none.
      coupon: null,
      priceAfterCouponFen: item.priceFen,
      commissionRateBp: item.commissionRateBp,
      commissionFen: applyRateBp(item.priceFen, item.commissionRateBp),
      promoUrl: expect.stringMatching(CLICK_URL),
      // …so the reply says the page shows the coupon rather than "none".
      couponKnown: false,
    })
    // One round trip: the link and the facts at once, no advanced API asked again.
    expect(callsSince(before)).toEqual({ [JD_COMMON_PROMOTION_METHOD]: 1, [JD_GOODS_INFO_METHOD]: 1 })
    const request = sim.state.promoByCode(codeOf(promotion.promoUrl))
    expect(request).toMatchObject({ itemKey: item.itemKey, attributionId: undefined })
  })

  it('learns the tier from the first refusal and never pays a 403 again', async () => {
    const item = findSku((candidate) => candidate.inProgram)
    const jd = adapter()
    const before = sim.state.callCounts()
    await jd.promote({ platform: 'jd', itemId: item.apiId }, { attributionId: 'u_basic_2' })
    for (let i = 0; i < 3; i++) await jd.promote({ platform: 'jd', itemId: item.apiId }, { attributionId: 'u_basic_2' })
    expect(callsSince(before)).toEqual({
      [JD_GOODS_METHOD]: 1,
      [JD_PROMOTION_METHOD]: 1,
      [JD_COMMON_PROMOTION_METHOD]: 4,
      [JD_GOODS_INFO_METHOD]: 4,
    })
  })

  it('says a missing siteId in one clear error, before any call', async () => {
    const jd = adapter({ siteId: undefined })
    await jd.checkSetup()
    const before = sim.state.callCounts()
    const error = await jd.promote({ platform: 'jd', itemId: '100012043978' }, { attributionId: 'u_1' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PlatformRequestError)
    expect(error).toMatchObject({ code: 'siteId-missing', message: expect.stringContaining('JD_SITE_ID') })
    expect(callsSince(before)[JD_COMMON_PROMOTION_METHOD]).toBeUndefined()
  })

  it('gives a working link without numbers when promotiongoodsinfo is refused too, and remembers that', async () => {
    const item = findSku((candidate) => candidate.inProgram)
    const jd = adapter()
    await jd.checkSetup()
    injectJdError(sim.state, { method: JD_GOODS_INFO_METHOD, code: 403, message: '无访问权限，如有疑问请联系联盟客服' })
    const first = await jd.promote({ platform: 'jd', itemId: item.apiId }, { attributionId: 'u_3' })
    expect(first).toMatchObject({ quoted: false, itemId: item.apiId, priceFen: 0, commissionFen: 0, promoUrl: expect.stringMatching(CLICK_URL) })
    const before = sim.state.callCounts()
    await jd.promote({ platform: 'jd', itemId: item.apiId }, { attributionId: 'u_3' })
    expect(callsSince(before)).toEqual({ [JD_COMMON_PROMOTION_METHOD]: 1 })
  })

  it('still answers with the link when promotiongoodsinfo is down', async () => {
    const jd = adapter()
    await jd.checkSetup()
    injectJdError(sim.state, { method: JD_GOODS_INFO_METHOD, code: 500, message: '服务端异常' }, 2)
    const item = findSku((candidate) => candidate.inProgram)
    const promotion = await jd.promote({ platform: 'jd', itemId: item.apiId }, { attributionId: 'u_4' })
    expect(promotion).toMatchObject({ quoted: false, promoUrl: expect.stringMatching(CLICK_URL) })
    expect(jd.permissions.isDenied(JD_GOODS_INFO_METHOD)).toBe(false)
  })

  it('reports an item outside the program as not promotable', async () => {
    const jd = adapter()
    await jd.checkSetup()
    const item = findSku((candidate) => !candidate.inProgram)
    await expect(jd.promote({ platform: 'jd', itemId: item.apiId }, { attributionId: 'u_5' })).rejects.toThrow(ItemNotPromotableError)
  })

  it('converts a jingfen.jd.com/detail/{itemId}.html link by its 联盟商品ID', async () => {
    const jd = adapter()
    await jd.checkSetup()
    const item = findSku((candidate) => candidate.inProgram)
    const itemId = jdUnionItemId(item.itemKey)
    const promotion = await jd.promote({ platform: 'jd', itemId }, { attributionId: 'u_6' })
    expect(promotion).toMatchObject({ quoted: false, itemId, promoUrl: expect.stringMatching(CLICK_URL) })
    expect(sim.state.promoByCode(codeOf(promotion.promoUrl))).toMatchObject({ itemKey: item.itemKey })
  })

  it('converts a short link unquoted: nothing on this tier names its item', async () => {
    const jd = adapter()
    await jd.checkSetup()
    const code = Array.from({ length: 50 }, (_, i) => `Bq${i}mPz`).find((candidate) => {
      const resolved = sim.state.resolveForeign('jd', candidate)
      return resolved !== 'expired' && simItem('jd', resolved.itemKey).inProgram
    })
    const url = `https://u.jd.com/${code}`
    const promotion = await jd.promote({ platform: 'jd', kind: 'short', url }, { attributionId: 'u_7' })
    expect(promotion).toMatchObject({ quoted: false, itemId: url, promoUrl: expect.stringMatching(CLICK_URL) })
  })

  it('reports orders of its links without subUnionId, keyed by sku', async () => {
    const jd = adapter()
    await jd.checkSetup()
    const item = findSku((candidate) => candidate.inProgram)
    const promotion = await jd.promote({ platform: 'jd', itemId: item.apiId }, { attributionId: 'u_8' })
    const promo = sim.state.promoByCode(codeOf(promotion.promoUrl))
    const start = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000)
    const order = sim.state.orders.buy({ platform: 'jd', itemKey: item.itemKey, attributionId: promo?.attributionId })
    await new Promise((done) => setTimeout(done, 1100 - (Date.now() % 1000)))
    const page = await jd.fetchOrderPage({ start, end: new Date(Math.ceil(Date.now() / 1000) * 1000) }, undefined)
    expect(page.orders.find((row) => row.orderId === order.orderId)).toMatchObject({ itemId: item.apiId, attributionId: null })
  })

  it('picks keyword deals from the 好券 list when goods.query is refused', async () => {
    const jd = adapter()
    await jd.checkSetup()
    const all = await jd.listDeals({ pageSize: 50 })
    const keyword = all.deals[0]?.category ?? '美妆'
    const page = await jd.listDeals({ keyword, pageSize: 50 })
    expect(page.deals.length).toBeGreaterThan(0)
    expect(page.deals.every((deal) => deal.category === keyword || deal.title.includes(keyword))).toBe(true)
  })
})

describe('JD on an account with the advanced APIs', () => {
  beforeEach(() => {
    sim.state.settings.jdTier = 'advanced'
  })

  it('binds the best coupon, and converts once more without it when JD refuses the coupon', async () => {
    const item = findSku((candidate) => candidate.inProgram && candidate.coupon !== null && jdCouponRefusal(candidate) !== undefined)
    const jd = adapter()
    const before = sim.state.callCounts()
    const promotion = await jd.promote({ platform: 'jd', itemId: item.apiId }, { attributionId: 'u_adv_1' })
    expect(promotion).toMatchObject({ coupon: null, priceFen: item.priceFen, priceAfterCouponFen: item.priceFen })
    expect(promotion.promoUrl).toMatch(/^https:\/\/u\.jd\.com\//)
    expect(callsSince(before)).toEqual({ [JD_GOODS_METHOD]: 1, [JD_PROMOTION_METHOD]: 2 })
    expect(sim.state.promoByCode(promotion.promoUrl.slice(-8))).toMatchObject({ attributionId: 'u_adv_1' })
  })

  it('keeps the coupon JD accepts, in two round trips', async () => {
    const item = findSku(
      (candidate) =>
        candidate.inProgram &&
        candidate.coupon !== null &&
        candidate.priceFen >= candidate.coupon.thresholdFen &&
        jdCouponRefusal(candidate) === undefined,
    )
    const jd = adapter()
    const before = sim.state.callCounts()
    const promotion = await jd.promote({ platform: 'jd', itemId: item.apiId }, { attributionId: 'u_adv_2' })
    expect(promotion.priceAfterCouponFen).toBe(simPriceAfterCoupon(item))
    expect(callsSince(before)).toEqual({ [JD_GOODS_METHOD]: 1, [JD_PROMOTION_METHOD]: 1 })
  })

  it('looks an itemId link up by itemIds and keys it by the sku the row gives', async () => {
    const item = findSku((candidate) => candidate.inProgram)
    const promotion = await adapter().promote({ platform: 'jd', itemId: jdUnionItemId(item.itemKey) }, { attributionId: 'u_adv_3' })
    expect(promotion).toMatchObject({ itemId: item.apiId, title: item.title, priceFen: item.priceFen })
  })

  it('retries a 服务降级 answer and then succeeds', async () => {
    injectJdError(sim.state, { method: JD_PROMOTION_METHOD, code: 2001609, message: '服务降级，请稍后重试！' })
    const item = findSku((candidate) => candidate.inProgram && candidate.coupon === null)
    await expect(adapter().promote({ platform: 'jd', itemId: item.apiId }, { attributionId: 'u_adv_4' })).resolves.toMatchObject({
      itemId: item.apiId,
    })
    injectJdError(sim.state, { method: JD_PROMOTION_METHOD, code: 2001504, message: '服务降级，请稍后重试' }, 2)
    await expect(adapter().promote({ platform: 'jd', itemId: item.apiId }, { attributionId: 'u_adv_4' })).rejects.toThrow(
      PlatformUnavailableError,
    )
  })
})
