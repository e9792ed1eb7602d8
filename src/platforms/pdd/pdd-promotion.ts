import { quote } from '../../money/quote.js'
import type { Promotion } from '../platform.js'
import type { PddGoods } from './pdd-goods.js'
import type { PddPromotionUrls } from './pdd-promotion-urls.js'

/**
 * Quotes a goods with its coupon and commission, pointing at the user's
 * promo link. The item id is the goods_sign the link carries: PDD echoes
 * that one on orders, while goods.search may answer with a re-encrypted sign
 * (bububa/openpdd api/ddk/order.go: 推广链接带有goodsSign信息时，订单会返回原goodsSign).
 */
export function pddPromotion(goods: PddGoods, urls: PddPromotionUrls, linkGoodsSign: string = goods.goodsSign): Promotion {
  const { priceAfterCouponFen, commissionFen } = quote({ priceFen: goods.priceFen, coupon: goods.coupon, commissionRateBp: goods.commissionRateBp })
  return {
    platform: 'pdd',
    itemId: linkGoodsSign,
    title: goods.title,
    imageUrl: goods.imageUrl,
    priceFen: goods.priceFen,
    coupon: goods.coupon,
    priceAfterCouponFen,
    commissionRateBp: goods.commissionRateBp,
    commissionFen,
    promoUrl: urls.shortUrl ?? urls.mobileShortUrl ?? urls.url,
  }
}
