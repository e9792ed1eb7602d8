import { describe, expect, it } from 'vitest'
import {
  ItemNotPromotableError,
  LinkNotResolvableError,
  type PlatformError,
  PlatformResponseError,
} from '../../../src/platforms/platform-errors.js'
import { parseTaobaoRoot } from '../../../src/platforms/taobao/taobao-envelope.js'
import { ItemInfoRoot, ITEM_INFO_METHOD, toItemInfos } from '../../../src/platforms/taobao/taobao-item-info.js'
import { LINK_CONVERT_METHOD, LinkConvertRoot, toConversion } from '../../../src/platforms/taobao/taobao-link-convert.js'
import { TPWD_CREATE_METHOD, TpwdCreateRoot, toTpwd } from '../../../src/platforms/taobao/taobao-tpwd.js'

const convert = (root: Record<string, unknown>) => toConversion(parseTaobaoRoot(LINK_CONVERT_METHOD, LinkConvertRoot, root))

function caught(fn: () => unknown): PlatformError {
  try {
    fn()
  } catch (error) {
    return error as PlatformError
  }
  throw new Error('expected a throw')
}

/** Shaped like a recorded 万能转链 item answer. */
const material = (overrides: Record<string, unknown> = {}) => ({
  code: 0,
  msg: 'success',
  input_material_url: 'https://item.taobao.com/item.htm?id=654321',
  link_info_dto: {
    cps_short_url: 'https://s.click.taobao.com/cps1',
    cps_long_url: '//s.click.taobao.com/t?e=cps1',
    cps_short_tpwd: '￥CpsCpsCps1￥',
    coupon_short_url: 'https://s.click.taobao.com/cpn1',
    coupon_short_tpwd: '￥CpnCpnCpn1￥',
    material_type: 1,
    material_id: 'Q2ZryagTbnyvKd5NTbP',
  },
  promotion_info_dto: { commission_rate: '15.50', commission_type: 'COMMON', promotion_price: '8900' },
  coupon_info_dto: {
    coupon_amount: '10',
    coupon_start_fee: '99.00',
    coupon_desc: '满99元减10元',
    coupon_end_time: '2026-06-30 23:59:59',
    coupon_remain_count: 120,
  },
  ...overrides,
})

const wrapped = (...items: unknown[]) => ({ data: { material_url_list: { map_data: items } }, request_id: 'r1' })

describe(toConversion.name, () => {
  it('reads an item with a coupon: coupon link and 口令 win', () => {
    expect(convert(wrapped(material()))).toEqual({
      itemId: 'Q2ZryagTbnyvKd5NTbP',
      promoUrl: 'https://s.click.taobao.com/cpn1',
      tpwd: '￥CpnCpnCpn1￥',
      commissionRateBp: 1550,
      promotionPriceFen: 8900,
      coupon: { amountFen: 1000, thresholdFen: 9900, endsAt: new Date('2026-06-30T15:59:59Z') },
    })
  })

  it('accepts a bare list as well as a wrapped one', () => {
    expect(convert({ data: { material_url_list: [material()] } }).itemId).toBe('Q2ZryagTbnyvKd5NTbP')
  })

  it('uses the CPS link and 口令 when there is no coupon, and treats "" as absent', () => {
    const result = convert(wrapped(material({ coupon_info_dto: { coupon_amount: '', coupon_start_fee: '' } })))
    expect(result.coupon).toBeNull()
    expect(result.promoUrl).toBe('https://s.click.taobao.com/cps1')
    expect(result.tpwd).toBe('￥CpsCpsCps1￥')
  })

  it('falls back to the long link, made absolute, when no short one came', () => {
    const link = { cps_long_url: '//s.click.taobao.com/t?e=cps1', material_type: 1, material_id: 'X1' }
    const result = convert(wrapped(material({ link_info_dto: link, coupon_info_dto: undefined })))
    expect(result).toMatchObject({ promoUrl: 'https://s.click.taobao.com/t?e=cps1', tpwd: undefined })
  })

  it.each<[string, Record<string, unknown>, number]>([
    ['coupon_start_fee', { coupon_amount: '5', coupon_start_fee: '20' }, 2000],
    ['the description only', { coupon_amount: '5', coupon_desc: '满29.9元减5元' }, 2990],
    ['no threshold at all', { coupon_amount: '5', coupon_desc: '5元无门槛券' }, 0],
  ])('reads the coupon threshold from %s', (_name, coupon, thresholdFen) => {
    expect(convert(wrapped(material({ coupon_info_dto: coupon }))).coupon?.thresholdFen).toBe(thresholdFen)
  })

  it('ignores a coupon with none left', () => {
    expect(convert(wrapped(material({ coupon_info_dto: { coupon_amount: '5', coupon_remain_count: 0 } }))).coupon).toBeNull()
  })

  it.each<[string, Record<string, unknown>, abstract new (...args: never[]) => PlatformError]>([
    ['not promotable', { code: 10003, msg: '该商品不支持推广' }, ItemNotPromotableError],
    ['expired 口令', { code: 10002, msg: '口令已失效' }, LinkNotResolvableError],
    ['unparseable link', { code: '10001', msg: '链接无法解析' }, LinkNotResolvableError],
    ['an unknown failure', { code: 7777, msg: '未知' }, LinkNotResolvableError],
    ['a shop instead of an item', { link_info_dto: { material_type: 2, material_id: '123', cps_short_url: 'https://s.click.taobao.com/s' } }, LinkNotResolvableError],
    ['no material result', {}, PlatformResponseError],
  ])('per-material %s → typed error', (name, overrides, errorClass) => {
    const root = name === 'no material result' ? wrapped() : wrapped({ ...material(), ...overrides })
    const error = caught(() => convert(root))
    expect(error).toBeInstanceOf(errorClass)
    expect(error.requestId).toBe('r1')
  })

  it.each<[string, Record<string, unknown>]>([
    ['an unreadable rate', { promotion_info_dto: { commission_rate: 'high' } }],
    ['an unreadable coupon amount', { coupon_info_dto: { coupon_amount: '5元' } }],
    ['a fractional fen price', { promotion_info_dto: { promotion_price: '89.5' } }],
    ['no link at all', { link_info_dto: { material_type: 1, material_id: 'X' }, coupon_info_dto: undefined }],
  ])('rejects %s as PlatformResponseError', (_name, overrides) => {
    expect(caught(() => convert(wrapped(material(overrides))))).toBeInstanceOf(PlatformResponseError)
  })

  it('rejects a missing data object', () => {
    expect(caught(() => convert({ request_id: 'r' }))).toBeInstanceOf(PlatformResponseError)
  })
})

describe(toItemInfos.name, () => {
  const detail = {
    item_id: 'Q2ZryagTbnyvKd5NTbP',
    item_basic_info: {
      title: '保湿精华液',
      pict_url: '//img.alicdn.com/i1/x.jpg',
      shop_title: '某旗舰店',
      volume: 3200,
      level_one_category_name: '美妆',
    },
    price_promotion_info: { reserve_price: '129.00', zk_final_price: '99.00', final_promotion_price: '89.00' },
    publish_info: { income_rate: '5.50', commission_type: 'COMMON' },
  }
  const parse = (root: Record<string, unknown>) => toItemInfos(parseTaobaoRoot(ITEM_INFO_METHOD, ItemInfoRoot, root))

  it('maps the upgraded item detail', () => {
    expect(parse({ results: { tbk_item_detail: [detail] } })).toEqual([
      {
        itemId: 'Q2ZryagTbnyvKd5NTbP',
        title: '保湿精华液',
        imageUrl: 'https://img.alicdn.com/i1/x.jpg',
        shopName: '某旗舰店',
        category: '美妆',
        monthlySales: 3200,
        priceFen: 9900,
        reservePriceFen: 12900,
        finalPromotionPriceFen: 8900,
        incomeRateBp: 550,
      },
    ])
  })

  it('reads an empty or missing list as no items', () => {
    expect(parse({ results: {} })).toEqual([])
    expect(parse({})).toEqual([])
  })

  it('rejects an item without a price', () => {
    const broken = { ...detail, price_promotion_info: { reserve_price: '1.00' } }
    expect(caught(() => parse({ results: { tbk_item_detail: [broken] } }))).toBeInstanceOf(PlatformResponseError)
  })
})

describe(toTpwd.name, () => {
  const parse = (root: Record<string, unknown>) => toTpwd(parseTaobaoRoot(TPWD_CREATE_METHOD, TpwdCreateRoot, root))

  it('prefers password_simple and keeps the model', () => {
    expect(parse({ data: { model: '1￥AbCdEfGhIjK￥/ 「x」', password_simple: '￥AbCdEfGhIjK￥' } })).toEqual({
      tpwd: '￥AbCdEfGhIjK￥',
      model: '1￥AbCdEfGhIjK￥/ 「x」',
    })
  })

  it('falls back to the model', () => {
    expect(parse({ data: { model: '￥AbCdEfGhIjK￥' } }).tpwd).toBe('￥AbCdEfGhIjK￥')
  })

  it('rejects an answer with neither', () => {
    expect(caught(() => parse({ data: { model: '' } }))).toBeInstanceOf(PlatformResponseError)
  })
})
