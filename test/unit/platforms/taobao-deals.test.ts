import { describe, expect, it } from 'vitest'
import type { CuratedDeal } from '../../../src/platforms/deal-source.js'
import { PlatformRequestError, PlatformResponseError } from '../../../src/platforms/platform-errors.js'
import { parseTaobaoDeal } from '../../../src/platforms/taobao/taobao-deal.js'
import { fetchTaobaoDealPage, type TaobaoCall } from '../../../src/platforms/taobao/taobao-deal-page.js'
import { thresholdFromDesc } from '../../../src/platforms/taobao/taobao-promotion-path.js'

const NOW = new Date('2026-05-01T00:00:00Z')
const END_MS = String(Date.UTC(2026, 5, 30))

type Json = Record<string, unknown>

/** Shaped like a 物料搜索升级版 `map_data` entry as bot fixtures show it. */
function entry(overrides: { basic?: Json; price?: Json; publish?: Json; top?: Json } = {}): Json {
  return {
    item_id: 'VrXqA4rs6twGnV2nozi79qseUV-m3reOPu7bmJOnAMUYg',
    item_basic_info: {
      title: '百雀羚保湿精华液',
      pict_url: '//img.alicdn.com/bao/1.jpg',
      shop_title: '百雀羚官方旗舰店',
      volume: 1234,
      level_one_category_name: '美妆',
      ...overrides.basic,
    },
    price_promotion_info: {
      reserve_price: '129.00',
      zk_final_price: '99.00',
      final_promotion_price: '89.00',
      final_promotion_path_list: {
        final_promotion_path_map_data: [
          { promotion_title: '商品券', promotion_desc: '满99元减10元', promotion_fee: '10', promotion_end_time: END_MS },
        ],
      },
      ...overrides.price,
    },
    publish_info: { income_rate: '5.50', click_url: '//s.click.taobao.com/t?e=x', ...overrides.publish },
    ...overrides.top,
  }
}

function deal(raw: unknown): CuratedDeal {
  const parsed = parseTaobaoDeal(raw, NOW)
  if (!('deal' in parsed)) throw new Error(`rejected: ${parsed.rejected}`)
  return parsed.deal
}

const path = (...steps: Json[]) => ({ final_promotion_path_list: { final_promotion_path_map_data: steps } })

describe('parseTaobaoDeal', () => {
  it('maps a full entry to fen, basis points and absolute links', () => {
    expect(deal(entry())).toEqual({
      platform: 'taobao',
      itemId: 'VrXqA4rs6twGnV2nozi79qseUV-m3reOPu7bmJOnAMUYg',
      title: '百雀羚保湿精华液',
      imageUrl: 'https://img.alicdn.com/bao/1.jpg',
      shopName: '百雀羚官方旗舰店',
      category: '美妆',
      priceFen: 9900,
      coupon: { amountFen: 1000, thresholdFen: 9900, endsAt: new Date(Number(END_MS)) },
      priceAfterCouponFen: 8900,
      commissionRateBp: 550,
      commissionFen: 489,
      sales: 1234,
    })
  })

  it.each<[string, Json, Partial<CuratedDeal>]>([
    ['odd yuan amounts', { price: { zk_final_price: '19.9', final_promotion_price: 14.9, ...path() } }, { priceFen: 1990, priceAfterCouponFen: 1490, coupon: null }],
    ['a third decimal rounds half up', { price: { zk_final_price: '0.995', final_promotion_price: '', ...path() } }, { priceFen: 100, priceAfterCouponFen: 100 }],
    ['numeric rate and volume as text', { publish: { income_rate: 12.34 }, basic: { volume: '88' } }, { commissionRateBp: 1234, sales: 88, commissionFen: 1098 }],
    ['no coupon step', { price: path({ promotion_title: '单品直降', promotion_fee: '5' }) }, { coupon: null, priceAfterCouponFen: 8900 }],
    ['no path, no final price', { price: { final_promotion_path_list: null, final_promotion_price: null } }, { coupon: null, priceAfterCouponFen: 9900 }],
    [
      'a coupon without final price is applied by hand',
      { price: { final_promotion_price: undefined, ...path({ promotion_title: '店铺券', promotion_fee: '3.5' }) } },
      { coupon: { amountFen: 350, thresholdFen: 0, endsAt: undefined }, priceAfterCouponFen: 9550 },
    ],
    [
      'a coupon whose threshold the price misses is reported but not applied',
      { price: path({ promotion_title: '商品券', promotion_desc: '满199元减30元', promotion_fee: '30' }) },
      { coupon: { amountFen: 3000, thresholdFen: 19900, endsAt: undefined }, priceAfterCouponFen: 9900, commissionFen: 544 },
    ],
    ['an ended coupon is none', { price: path({ promotion_title: '商品券', promotion_fee: '10', promotion_end_time: '2026-04-30 23:59:59' }) }, { coupon: null }],
    ['a final price above the page price is ignored', { price: { final_promotion_price: '120.00', ...path() } }, { priceAfterCouponFen: 9900 }],
    ['blank optional texts', { basic: { pict_url: '', shop_title: null, level_one_category_name: '', volume: '' } }, { imageUrl: undefined, shopName: undefined, category: undefined, sales: 0 }],
    ['a numeric item id', { top: { item_id: 654321 } }, { itemId: '654321' }],
  ])('reads %s', (_name, overrides, expected) => {
    expect(deal(entry(overrides))).toMatchObject(expected)
  })

  it.each<[string, unknown]>([
    ['not an object', 'nope'],
    ['no item id', entry({ top: { item_id: '' } })],
    ['no title', entry({ basic: { title: '' } })],
    ['no basic info', entry({ top: { item_basic_info: undefined } })],
    ['an unreadable price', entry({ price: { zk_final_price: '9.9元' } })],
    ['a zero price', entry({ price: { zk_final_price: '0.00' } })],
    ['an unreadable promotion fee', entry({ price: path({ promotion_title: '商品券', promotion_fee: 'abc' }) })],
    ['no publish info', entry({ top: { publish_info: undefined } })],
    ['no commission', entry({ publish: { income_rate: '0.00' } })],
    ['a missing commission', entry({ publish: { income_rate: '' } })],
  ])('rejects %s', (_name, raw) => {
    expect(parseTaobaoDeal(raw, NOW)).toHaveProperty('rejected')
  })
})

describe('thresholdFromDesc', () => {
  it.each<[string | undefined, number | undefined]>([
    ['满99元减10元', 9900],
    ['满99.5减10', 9950],
    ['满1.05元减1元', 105],
    ['10元无门槛券', undefined],
    ['每200减20', undefined],
    [undefined, undefined],
  ])('%s → %s', (desc, fen) => {
    expect(thresholdFromDesc(desc)).toBe(fen)
  })
})

describe('fetchTaobaoDealPage', () => {
  const answering = (root: Json, sent: Json[] = []): TaobaoCall => async (_method, business) => {
    sent.push({ ...business })
    return root
  }

  it('skips bad entries and keeps the rest', async () => {
    const root = { result_list: { map_data: [entry(), { item_id: 'x' }, entry({ top: { item_id: 'B2' } })] }, total_results: 60 }
    const page = await fetchTaobaoDealPage(answering(root), '123', { keyword: '美妆', pageSize: 3 }, NOW)
    expect(page.deals.map((d) => d.itemId)).toEqual(['VrXqA4rs6twGnV2nozi79qseUV-m3reOPu7bmJOnAMUYg', 'B2'])
    expect(page.hasMore).toBe(true)
  })

  it.each<[string, Json, number, boolean]>([
    ['the last page by total', { result_list: { map_data: [entry()] }, total_results: 3 }, 3, false],
    ['an empty page', { result_list: { map_data: [] }, total_results: 100 }, 1, false],
    ['a full page without a total', { result_list: [entry()] }, 1, true],
    ['a short page without a total', { result_list: [entry()] }, 2, false],
    ['no result list at all', {}, 1, false],
  ])('hasMore for %s', async (_name, root, pageSize, hasMore) => {
    expect((await fetchTaobaoDealPage(answering(root), '123', { page: 3, pageSize }, NOW)).hasMore).toBe(hasMore)
  })

  it('sends q, or the general material without a keyword, and caps the page size', async () => {
    const sent: Json[] = []
    await fetchTaobaoDealPage(answering({}, sent), '123', { keyword: ' 保温杯 ', page: 2, pageSize: 500 }, NOW)
    await fetchTaobaoDealPage(answering({}, sent), '123', { keyword: '  ' }, NOW)
    expect(sent).toEqual([
      { adzone_id: '123', q: '保温杯', material_id: undefined, page_no: 2, page_size: 100 },
      { adzone_id: '123', q: undefined, material_id: '80309', page_no: 1, page_size: 20 },
    ])
  })

  it('refuses a page below 1 before calling', async () => {
    await expect(fetchTaobaoDealPage(answering({}), '123', { page: 0 }, NOW)).rejects.toBeInstanceOf(PlatformRequestError)
  })

  it('reports a result list of the wrong type as PlatformResponseError', async () => {
    await expect(fetchTaobaoDealPage(answering({ result_list: 'oops' }), '123', {}, NOW)).rejects.toBeInstanceOf(PlatformResponseError)
  })
})
