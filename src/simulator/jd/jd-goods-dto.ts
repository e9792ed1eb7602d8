import { applyRateBp } from '../../money/fen.js'
import { type SimItem, simPriceAfterCoupon } from '../catalog.js'
import { digits, pick } from '../sim-hash.js'
import { jdCouponLink } from './jd-sim-links.js'
import { jdUnionItemId } from './jd-union-item-id.js'

const yuan = (fen: number): number => fen / 100

/**
 * One goods.query row for a catalog item: prices in yuan, commissionShare in
 * percent, times in ms. Rows carry both the sku and the 联盟商品ID `itemId`
 * (mimicode/tksdk jdunionopengoodsquery `itemId`); materialUrl is the
 * jingfen page when the item was asked for by itemId, else the item page
 * (rise-worlds/jos api/union/goods/query.go).
 */
export function jdGoodsDto(item: SimItem, askedBy: 'sku' | 'itemId' = 'sku'): Record<string, unknown> {
  const rateBp = item.commissionRateBp
  const afterCouponFen = simPriceAfterCoupon(item)
  const itemId = jdUnionItemId(item.itemKey)
  return {
    skuId: Number(item.apiId),
    itemId,
    skuName: item.title,
    materialUrl: askedBy === 'itemId' ? `jingfen.jd.com/detail/${itemId}.html` : `item.jd.com/${item.apiId}.html`,
    owner: pick(`jd-owner:${item.itemKey}`, 3) === 0 ? 'g' : 'p',
    priceInfo: {
      price: yuan(item.priceFen),
      lowestPrice: yuan(item.priceFen),
      lowestPriceType: 1,
      lowestCouponPrice: yuan(afterCouponFen),
    },
    commissionInfo: {
      commission: yuan(applyRateBp(item.priceFen, rateBp)),
      commissionShare: rateBp / 100,
      couponCommission: yuan(applyRateBp(afterCouponFen, rateBp)),
      plusCommissionShare: rateBp / 100,
      isLock: 0,
    },
    couponInfo: { couponList: couponList(item) },
    imageInfo: { imageList: [{ url: item.imageUrl }] },
    shopInfo: { shopName: item.shopName, shopId: Number(digits(`jd-shop:${item.shopName}`, 8)) },
    categoryInfo: { cid1Name: item.category },
    inOrderCount30Days: item.monthlySales,
  }
}

/**
 * The catalog coupon is JD's `isBest` one; items with a bigger coupon also
 * list a 1-yuan store coupon first, so clients must really pick.
 */
function couponList(item: SimItem): Record<string, unknown>[] {
  const { coupon } = item
  if (!coupon) return []
  const best = {
    bindType: 1,
    link: jdCouponLink(item, 'best'),
    discount: yuan(coupon.amountFen),
    quota: yuan(coupon.thresholdFen),
    isBest: 1,
    platformType: 0,
    useStartTime: coupon.startsAt.getTime(),
    useEndTime: coupon.endsAt.getTime(),
  }
  if (coupon.amountFen <= 100) return [best]
  return [{ ...best, bindType: 2, link: jdCouponLink(item, 'shop'), discount: 1, quota: 0, isBest: 0 }, best]
}
