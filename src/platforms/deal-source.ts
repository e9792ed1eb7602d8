import type { Platform } from '../links/parsed-link.js'
import type { Coupon } from './platform.js'

/** One item from a platform's curated material (选品库 / 精选 / 搜索), in our units. */
export interface CuratedDeal {
  readonly platform: Platform
  /** The platform's item id (Taobao encrypted id, JD sku, PDD goods_sign). */
  readonly itemId: string
  readonly title: string
  readonly imageUrl?: string | undefined
  readonly shopName?: string | undefined
  /** The platform's category name when it gives one. */
  readonly category?: string | undefined
  readonly priceFen: number
  readonly coupon: Coupon | null
  readonly priceAfterCouponFen: number
  /** 10000 = 100%. */
  readonly commissionRateBp: number
  /** Commission on the price after coupon, in fen (rounded down). */
  readonly commissionFen: number
  /** Sales volume the platform reports (30 days or monthly, whichever it has). */
  readonly sales: number
}

export interface DealQuery {
  /** A category or keyword, e.g. 美妆, 数码, 保温杯. Undefined: the platform's general selection. */
  readonly keyword?: string | undefined
  /** 1-based. */
  readonly page?: number | undefined
  /** Items per page (the adapter caps it to what the platform allows). */
  readonly pageSize?: number | undefined
}

export interface DealPage {
  readonly deals: readonly CuratedDeal[]
  readonly hasMore: boolean
}

/** A platform's curated material, for scheduled deal pushes. */
export interface DealSource {
  readonly platform: Platform
  /** @throws a PlatformError subclass */
  listDeals(query: DealQuery): Promise<DealPage>
}
