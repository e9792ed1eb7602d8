import type { ParsedLink, Platform } from '../links/parsed-link.js'

/**
 * Who a promo link is for. `attributionId` is our per-user id, sent where a
 * platform echoes one on orders: PDD `custom_parameters.uid` (after 授权备案),
 * JD `subUnionId` (advanced accounts only). Taobao echoes none: its only
 * per-user id is the user's bound `taobaoRelationId` (渠道关系ID); other
 * Taobao orders, and JD orders of ordinary accounts, attribute on the next
 * rung (the one user promoted the item before payment) or by claim.
 */
export interface Attribution {
  readonly attributionId: string
  readonly taobaoRelationId?: string | undefined
}

export interface Coupon {
  /** Face value in fen. */
  readonly amountFen: number
  /** Minimum spend in fen (0 = no threshold, 无门槛). */
  readonly thresholdFen: number
  readonly endsAt?: Date | undefined
}

/**
 * Everything the bot needs to answer a pasted link. Money in integer fen;
 * rates in basis points (1550 = 15.50%).
 */
export interface Promotion {
  readonly platform: Platform
  /** The platform's own item id (Taobao encrypted id, JD sku, PDD goods_sign). */
  readonly itemId: string
  readonly title: string
  readonly imageUrl?: string | undefined
  /** The price shown on the item page before the coupon. */
  readonly priceFen: number
  /** The best usable coupon, or null when the item has none. */
  readonly coupon: Coupon | null
  readonly priceAfterCouponFen: number
  readonly commissionRateBp: number
  /** Commission the platform quotes on the price after coupon, in fen. */
  readonly commissionFen: number
  /** The promo link carrying the attribution (short form when the platform gives one). */
  readonly promoUrl: string
  /** Taobao only: the 淘口令 that opens the promo link. */
  readonly tpwd?: string | undefined
  /**
   * False when the platform gave a working promo link but no price, coupon or
   * commission facts (a JD account without the advanced goods APIs): the
   * money fields are then 0 and the reply says the page has the price
   * instead of quoting numbers. Absent means true.
   */
  readonly quoted?: boolean | undefined
  /**
   * False when the price and commission are known but not whether a coupon
   * exists (JD ordinary accounts: promotiongoodsinfo has no coupons): the
   * reply then says so instead of "no coupon", and calls the rebate an
   * estimate. Absent means true.
   */
  readonly couponKnown?: boolean | undefined
}

/** One adapter per platform; the only code that talks to an affiliate API. */
export interface AffiliatePlatform {
  readonly platform: Platform
  /**
   * Resolve what the user pasted, quote it with its best coupon and
   * commission, and convert it into this user's promo link.
   * @param material the pasted text around the link, for platforms that
   *   convert the whole share text (Taobao general.link.convert)
   * @throws a PlatformError subclass (see platform-errors.ts)
   */
  promote(link: ParsedLink, attribution: Attribution, material?: string): Promise<Promotion>
  /**
   * Checks at start what only the operator can fix in this platform's setup
   * (a PDD PID without 授权备案, a JD account without the advanced APIs) and
   * logs it in one clear line. Never throws: a failed check is logged too.
   */
  checkSetup?(): Promise<void>
}
