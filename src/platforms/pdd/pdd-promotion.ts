import { applyRateBp } from '../../money/fen.js'
import type { Promotion } from '../platform.js'
import type { PddGoods } from './pdd-goods.js'
import type { PddPromotionUrls } from './pdd-promotion-urls.js'

/** Quotes a goods with its coupon and commission, pointing at the user's promo link. */
export function pddPromotion(goods: PddGoods, urls: PddPromotionUrls): Promotion {
  const coupon = goods.coupon
  const couponApplies = coupon !== null && goods.priceFen >= coupon.thresholdFen
  const priceAfterCouponFen = couponApplies ? Math.max(0, goods.priceFen - coupon.amountFen) : goods.priceFen
  return {
    platform: 'pdd',
    itemId: goods.goodsSign,
    title: goods.title,
    imageUrl: goods.imageUrl,
    priceFen: goods.priceFen,
    coupon,
    priceAfterCouponFen,
    commissionRateBp: goods.commissionRateBp,
    commissionFen: applyRateBp(priceAfterCouponFen, goods.commissionRateBp),
    promoUrl: urls.shortUrl ?? urls.mobileShortUrl ?? urls.url,
  }
}
