import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  JD_COMMON_PROMOTION_METHOD,
  JD_GOODS_INFO_METHOD,
  JD_GOODS_METHOD,
  JD_PROMOTION_METHOD,
  JdPlatform,
} from '../../../src/platforms/jd/jd.platform.js'
import * as errors from '../../../src/platforms/platform-errors.js'
import { type RecordedAnswer, type ReplayGateway, startReplayGateway } from '../../support/replay-gateway.js'

/**
 * JD's recorded answers (test/fixtures/recorded/jd/*.json: shapes and
 * values written from the sources each entry cites) fed through the real
 * adapter over HTTP, one table per method the adapter calls.
 */
const EntrySchema = z.object({
  name: z.string(),
  source: z.string().min(10),
  method: z.string(),
  response: z.unknown(),
  expect: z.record(z.string(), z.unknown()),
})
type Entry = z.infer<typeof EntrySchema>

const table = (file: string): Entry[] =>
  z.array(EntrySchema).parse(JSON.parse(readFileSync(new URL(`../../fixtures/recorded/jd/${file}.json`, import.meta.url), 'utf8')))

const ERRORS: Record<string, abstract new (...args: never[]) => Error> = {
  PlatformPermissionError: errors.PlatformPermissionError,
  PlatformUnavailableError: errors.PlatformUnavailableError,
  PlatformRateLimitedError: errors.PlatformRateLimitedError,
  PlatformRequestError: errors.PlatformRequestError,
  PlatformAuthError: errors.PlatformAuthError,
  ItemNotPromotableError: errors.ItemNotPromotableError,
  LinkNotResolvableError: errors.LinkNotResolvableError,
}

const SKU = '100012043978'
const WINDOW = { start: new Date('2020-01-02T08:00:00Z'), end: new Date('2020-01-02T08:30:00Z') }
const answer = (body: unknown): RecordedAnswer => ({ body })
const inner = (method: string, result: unknown): RecordedAnswer =>
  answer({ [`${method.replaceAll('.', '_')}_responce`]: { code: '0', [`${method.endsWith('.get') ? 'get' : 'query'}Result`]: JSON.stringify(result) } })
const refused = (method: string): RecordedAnswer => inner(method, { code: 403, message: '无访问权限，如有疑问请联系联盟客服' })
const commonOk = inner(JD_COMMON_PROMOTION_METHOD, { code: 200, message: 'success', data: { clickURL: 'https://union-click.jd.com/jdc?e=ok' } })

let gateway: ReplayGateway

function adapter(): JdPlatform {
  return new JdPlatform({
    appKey: 'recorded-app',
    secret: 'recorded-secret',
    gateway: gateway.url,
    timeoutMs: 2_000,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    now: () => new Date('2020-02-01T04:00:00Z'),
    siteId: '61866',
    positionId: '3100000001',
  })
}

/** Runs `call` and checks an `{error, code}` expectation, else hands the value to `check`. */
async function expectOutcome<T>(entry: Entry, call: () => Promise<T>, check: (value: T) => void): Promise<void> {
  const expected = entry.expect
  if (typeof expected.error === 'string') {
    const error = await call().then(
      () => undefined,
      (e: unknown) => e,
    )
    const Kind = ERRORS[expected.error]
    if (!Kind) throw new Error(`unknown error class ${expected.error}`)
    expect(error).toBeInstanceOf(Kind)
    expect(error).toMatchObject({ code: expected.code })
    return
  }
  check(await call())
}

beforeAll(async () => {
  gateway = await startReplayGateway()
})

beforeEach(() => {
  gateway.requests.length = 0
})

afterAll(async () => {
  await gateway.close()
})

describe(JD_COMMON_PROMOTION_METHOD, () => {
  it.each(table('promotion.common.get').map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const jd = adapter()
    if (entry.expect.couponRetry) {
      // goods.query gives the coupon, bysubunionid.get is refused: common.get gets the coupon, refuses it, and is asked again without.
      gateway.answer(JD_GOODS_METHOD, answer(table('goods.query')[0]?.response))
      gateway.answer(JD_PROMOTION_METHOD, refused(JD_PROMOTION_METHOD))
      gateway.answer(JD_COMMON_PROMOTION_METHOD, answer(entry.response), commonOk)
      const promotion = await jd.promote({ platform: 'jd', itemId: SKU }, { attributionId: 'u_1' })
      expect(promotion).toMatchObject({ coupon: null, promoUrl: 'https://union-click.jd.com/jdc?e=ok', priceAfterCouponFen: 12900 })
      const sent = gateway.requestsFor(JD_COMMON_PROMOTION_METHOD).map((r) => JSON.parse(r['360buy_param_json'] ?? '{}') as unknown)
      expect(sent).toMatchObject([{ promotionCodeReq: { couponUrl: expect.any(String) } }, { promotionCodeReq: { materialId: expect.any(String) } }])
      expect(sent[1]).not.toHaveProperty('promotionCodeReq.couponUrl')
      return
    }
    gateway.answer(JD_COMMON_PROMOTION_METHOD, answer(entry.response))
    await expectOutcome(entry, () => jd.getCommonPromotionLink(`https://item.jd.com/${SKU}.html`), (link) => {
      expect(link.shortURL ?? link.clickURL).toBe(entry.expect.promoUrl)
    })
    const [request] = gateway.requestsFor(JD_COMMON_PROMOTION_METHOD)
    expect(JSON.parse(request?.['360buy_param_json'] ?? '{}')).toEqual({
      promotionCodeReq: { materialId: `https://item.jd.com/${SKU}.html`, siteId: '61866', positionId: 3100000001 },
    })
  })
})

describe(JD_PROMOTION_METHOD, () => {
  it.each(table('promotion.bysubunionid.get').map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const jd = adapter()
    gateway.answer(JD_PROMOTION_METHOD, answer(entry.response))
    await expectOutcome(entry, () => jd.getPromotionLink({ materialId: `https://item.jd.com/${SKU}.html`, subUnionId: 'u_1' }), (link) => {
      expect(link.shortURL ?? link.clickURL).toBe(entry.expect.promoUrl)
    })
    if (entry.expect.error === 'PlatformPermissionError') expect(jd.permissions.isDenied(JD_PROMOTION_METHOD)).toBe(true)
  })

  it('a 403 sends every later link to promotion.common.get without asking again', async () => {
    const jd = adapter()
    gateway.answer(JD_GOODS_METHOD, refused(JD_GOODS_METHOD))
    gateway.answer(JD_PROMOTION_METHOD, refused(JD_PROMOTION_METHOD))
    gateway.answer(JD_COMMON_PROMOTION_METHOD, commonOk)
    gateway.answer(JD_GOODS_INFO_METHOD, answer(table('goods.promotiongoodsinfo.query')[0]?.response))
    for (let i = 0; i < 3; i++) {
      await expect(jd.promote({ platform: 'jd', itemId: SKU }, { attributionId: 'u_1' })).resolves.toMatchObject({ priceFen: 11900 })
    }
    expect(gateway.requestsFor(JD_PROMOTION_METHOD)).toHaveLength(1)
    expect(gateway.requestsFor(JD_GOODS_METHOD)).toHaveLength(1)
    expect(gateway.requestsFor(JD_COMMON_PROMOTION_METHOD)).toHaveLength(3)
  })
})

describe(JD_GOODS_METHOD, () => {
  it.each(table('goods.query').map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    gateway.answer(JD_GOODS_METHOD, answer(entry.response))
    await expectOutcome(entry, () => adapter().queryGoods({ skuIds: [SKU] }), (page) => {
      expect(page.items).toHaveLength(entry.expect.items as number)
      if (entry.expect.first) expect(page.items[0]).toMatchObject(entry.expect.first as object)
    })
  })
})

describe('jd.union.open.goods.jingfen.query', () => {
  it.each(table('goods.jingfen.query').map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    gateway.answer('jd.union.open.goods.jingfen.query', answer(entry.response))
    await expectOutcome(entry, () => adapter().listDeals({}), (page) => {
      expect(page.deals).toHaveLength(entry.expect.deals as number)
      if (entry.expect.firstItemId) expect(page.deals[0]?.itemId).toBe(entry.expect.firstItemId)
    })
  })
})

describe(JD_GOODS_INFO_METHOD, () => {
  it.each(table('goods.promotiongoodsinfo.query').map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const jd = adapter()
    gateway.answer(JD_GOODS_METHOD, refused(JD_GOODS_METHOD))
    gateway.answer(JD_PROMOTION_METHOD, refused(JD_PROMOTION_METHOD))
    gateway.answer(JD_COMMON_PROMOTION_METHOD, commonOk)
    gateway.answer(JD_GOODS_INFO_METHOD, answer(entry.response))
    const promotion = await jd.promote({ platform: 'jd', itemId: SKU }, { attributionId: 'u_1' })
    expect(promotion).toMatchObject({ promoUrl: 'https://union-click.jd.com/jdc?e=ok', ...(entry.expect.promotion as object) })
    expect(JSON.parse(gateway.requestsFor(JD_GOODS_INFO_METHOD)[0]?.['360buy_param_json'] ?? '{}')).toEqual({ skuIds: SKU })
    expect(jd.permissions.isDenied(JD_GOODS_INFO_METHOD)).toBe(entry.expect.denied === true)
  })
})

describe('jd.union.open.order.row.query', () => {
  it.each(table('order.row.query').map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    gateway.answer('jd.union.open.order.row.query', answer(entry.response))
    await expectOutcome(entry, () => adapter().fetchOrderPage(WINDOW, undefined), (page) => {
      expect(page.orders).toMatchObject(entry.expect.orders as object[])
      expect(page.orders).toHaveLength((entry.expect.orders as object[]).length)
      expect(page.rejected).toMatchObject(entry.expect.rejected as object[])
      expect(page.rejected).toHaveLength((entry.expect.rejected as object[]).length)
    })
  })
})
