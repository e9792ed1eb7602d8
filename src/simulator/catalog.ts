import type { Platform } from '../links/parsed-link.js'
import { CATEGORIES } from '../groups/categories.js'
import { pick, token } from './sim-hash.js'

/** A synthetic product, the same every time for the same platform and item key. */
export interface SimItem {
  readonly platform: Platform
  /** The numeric id a product URL would carry (item id, sku, goods_id). */
  readonly itemKey: string
  /** The id the platform's APIs use: Taobao encrypted id, JD sku, PDD goods_sign. */
  readonly apiId: string
  readonly title: string
  readonly category: string
  readonly shopName: string
  readonly imageUrl: string
  readonly priceFen: number
  readonly coupon: { readonly amountFen: number; readonly thresholdFen: number; readonly startsAt: Date; readonly endsAt: Date } | null
  /** 10000 = 100%. */
  readonly commissionRateBp: number
  /** False for items outside the affiliate program (no commission, cannot be promoted). */
  readonly inProgram: boolean
  readonly monthlySales: number
}

export { CATEGORIES }

const PRODUCTS: Record<(typeof CATEGORIES)[number], readonly string[]> = {
  美妆: ['保湿精华液', '氨基酸洗面奶', '防晒霜SPF50', '哑光口红', '补水面膜20片'],
  数码: ['蓝牙耳机', '20000mAh充电宝', '65W快充头', '机械键盘', '无线鼠标'],
  食品: ['每日坚果30包', '手撕牛肉干', '挂耳咖啡50袋', '螺蛳粉5袋', '低脂鸡胸肉'],
  服饰: ['纯棉短袖T恤', '冰丝阔腿裤', '羽绒服轻薄款', '运动袜5双', '防晒衣'],
  家居: ['四件套全棉', '收纳箱3个装', '记忆棉枕头', '保温杯316不锈钢', '洗衣凝珠'],
  母婴: ['纸尿裤L码', '婴儿湿巾80抽', '儿童保温杯', '宝宝辅食米粉', '婴儿洗衣液'],
  运动: ['瑜伽垫加厚', '跳绳计数', '速干运动裤', '健身弹力带', '跑步鞋'],
  个护: ['电动牙刷', '洗发水控油', '沐浴露香氛', '剃须刀', '牙膏美白'],
}

const BRANDS = ['小米', '南极人', '三只松鼠', '百雀羚', '安踏', '全棉时代', '绿联', '蕉下', '心相印', '良品铺子']

const DAY_MS = 86_400_000

/** Anchors coupon validity windows so they do not depend on when the simulator started. */
const COUPON_EPOCH = Date.UTC(2026, 0, 1)

/**
 * The catalog entry for an item key. Every well-formed key is an item:
 * about 1 in 11 is outside the affiliate program and about 1 in 4 has no coupon.
 */
export function simItem(platform: Platform, itemKey: string): SimItem {
  const seed = `${platform}:${itemKey}`
  const category = CATEGORIES[pick(seed, CATEGORIES.length, 0)] ?? '家居'
  const products = PRODUCTS[category]
  const product = products[pick(seed, products.length, 1)] ?? products[0] ?? '好物'
  const brand = BRANDS[pick(seed, BRANDS.length, 2)] ?? '优选'
  const priceFen = 990 + pick(seed, 600, 3) * 100 - (pick(seed, 3, 4) === 0 ? 10 : 0)
  // Salted so the sample ids in the reference (and the README's walk-through) are promotable.
  const inProgram = pick(`${seed}:p`, 11) !== 0
  const hasCoupon = inProgram && pick(seed, 4, 6) !== 0
  const couponAmountFen = Math.max(100, Math.min(Math.floor(priceFen / 3 / 100) * 100, (3 + pick(seed, 48, 7)) * 100))
  const noThreshold = pick(`${seed}:t`, 3) === 0
  const issuedDay = COUPON_EPOCH + pick(`${seed}:c`, 200) * DAY_MS
  return {
    platform,
    itemKey,
    apiId: apiIdFor(platform, itemKey),
    title: `${brand}${product}`,
    category,
    shopName: `${brand}官方旗舰店`,
    imageUrl: `https://img.sim.rebate-bot.invalid/${platform}/${itemKey}.jpg`,
    priceFen,
    coupon: hasCoupon
      ? {
          amountFen: couponAmountFen,
          thresholdFen: noThreshold ? 0 : Math.min(priceFen, couponAmountFen * 2 + 100 * pick(`${seed}:th`, 50)),
          startsAt: new Date(issuedDay),
          endsAt: new Date(Date.UTC(2099, 11, 31)),
        }
      : null,
    commissionRateBp: inProgram ? 100 + pick(`${seed}:r`, 29) * 100 + pick(`${seed}:r2`, 2) * 50 : 0,
    inProgram,
    monthlySales: pick(`${seed}:s`, 50_000),
  }
}

/** Price the buyer pays with the coupon applied when the threshold is met. */
export function simPriceAfterCoupon(item: SimItem): number {
  if (!item.coupon || item.priceFen < item.coupon.thresholdFen) return item.priceFen
  return Math.max(1, item.priceFen - item.coupon.amountFen)
}

function apiIdFor(platform: Platform, itemKey: string): string {
  switch (platform) {
    case 'taobao':
      // Since 2023 TOP returns encrypted string ids; the simulator's keep the numeric key recoverable.
      return `${token(`tb-id:${itemKey}`, 8)}-${itemKey}`
    case 'jd':
      return itemKey
    case 'pdd':
      return `${token(`pdd-sign:${itemKey}`, 10)}_${itemKey}`
  }
}

/** Inverse of the api id scheme above; undefined when the id is not one the simulator issued. */
export function itemKeyFromApiId(platform: Platform, apiId: string): string | undefined {
  const match =
    platform === 'taobao' ? /^[0-9A-Za-z]{8}-(\d{5,20})$/.exec(apiId)
    : platform === 'pdd' ? /^[0-9A-Za-z]{10}_(\d{5,20})$/.exec(apiId)
    : /^(\d{5,20})$/.exec(apiId)
  const key = match?.[1]
  return key !== undefined && apiIdFor(platform, key) === apiId ? key : undefined
}
