import type { SimItem } from '../catalog.js'
import { token } from '../sim-hash.js'
import { percent, yuan } from './taobao-format.js'
import { basicInfo, pricesOf } from './taobao-item-fields.js'

/**
 * One `map_data` entry of 物料搜索升级版. The coupon appears only as a 商品券
 * step of the 到手价 path (TOP lists the promotions that make up
 * final_promotion_price); its threshold only in `promotion_desc`.
 */
export function materialItem(item: SimItem, adzoneId: string): Record<string, unknown> {
  const clickCode = token(`tb-click:${item.itemKey}:${adzoneId}`, 24)
  return {
    item_id: item.apiId,
    item_basic_info: basicInfo(item),
    price_promotion_info: {
      ...pricesOf(item),
      final_promotion_path_list: { final_promotion_path_map_data: item.coupon ? [couponStep(item.coupon)] : [] },
    },
    publish_info: {
      income_rate: percent(item.commissionRateBp),
      commission_type: 'COMMON',
      click_url: `//s.click.taobao.com/t?e=${clickCode}&pid=mm_0_0_${adzoneId}`,
      ...(item.coupon && { coupon_share_url: `//uland.taobao.com/coupon/edetail?e=${clickCode}&pid=mm_0_0_${adzoneId}` }),
    },
  }
}

function couponStep(coupon: NonNullable<SimItem['coupon']>): Record<string, unknown> {
  return {
    promotion_title: '商品券',
    promotion_desc:
      coupon.thresholdFen > 0 ? `满${yuan(coupon.thresholdFen)}元减${yuan(coupon.amountFen)}元` : `${yuan(coupon.amountFen)}元无门槛券`,
    promotion_fee: yuan(coupon.amountFen),
    // Epoch milliseconds, as bot fixtures show them (UNCERTAIN: the doc gives no format).
    promotion_start_time: String(coupon.startsAt.getTime()),
    promotion_end_time: String(coupon.endsAt.getTime()),
  }
}
