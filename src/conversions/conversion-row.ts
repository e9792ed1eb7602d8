import { couponSavingFen, estimatedRebateFen } from '../money/quote.js'
import type { Promotion } from '../platforms/platform.js'
import type { NewConversionRow } from './conversion.table.js'

/** Long pasted texts are kept only as far as they identify the material. */
export const MAX_MATERIAL_CHARS = 500
const MAX_TITLE_CHARS = 200

/** The shares of a commission the house gives away, in basis points. */
export interface RebateShares {
  /** A shopper's share of the commission on their own orders. */
  readonly userShareBp: number
  /** A group owner's share on orders of items they pushed (unset: the shopper share). */
  readonly groupOwnerShareBp?: number | undefined
}

/**
 * The share crediting will give the holder of a link on its orders
 * (`orders/credit-order.service.ts`, beneficiariesOf): the group-owner share
 * when the item reached them through their own push, else the shopper share.
 */
export function quotedShareBp(shares: RebateShares, viaOwnPush: boolean): number {
  return viaOwnPush ? (shares.groupOwnerShareBp ?? shares.userShareBp) : shares.userShareBp
}

export interface ConversionFacts {
  readonly user: { readonly id: string; readonly attributionId: string }
  readonly roomId: string | null
  /** What was converted: the pasted text, or what names the push (`push:<slot>`). */
  readonly material: string
  readonly promotion: Promotion
  /** The link holder's share (quotedShareBp). */
  readonly shareBp: number
  readonly purpose: 'reply' | 'push'
}

/**
 * The one `conversions` row for a promo link handed out, whichever path gave
 * it (a link reply, a hand-picked or a scheduled push): the same quote makes
 * the same row. `coupon_fen` is what the coupon takes off (money/quote.ts),
 * not the price difference: see docs/architecture.md, "conversion rows".
 */
export function conversionRow(facts: ConversionFacts): NewConversionRow {
  const { promotion } = facts
  return {
    user_id: facts.user.id,
    room_id: facts.roomId,
    platform: promotion.platform,
    item_id: promotion.itemId,
    material: facts.material.slice(0, MAX_MATERIAL_CHARS),
    attribution_id: facts.user.attributionId,
    promo_url: promotion.promoUrl,
    tpwd: promotion.tpwd ?? null,
    title: promotion.title.slice(0, MAX_TITLE_CHARS),
    price_fen: promotion.priceFen,
    coupon_fen: couponSavingFen(promotion.priceFen, promotion.coupon),
    price_after_coupon_fen: promotion.priceAfterCouponFen,
    commission_rate_bp: promotion.commissionRateBp,
    commission_fen: promotion.commissionFen,
    rebate_fen: estimatedRebateFen(promotion.commissionFen, facts.shareBp),
    purpose: facts.purpose,
  }
}
