import { simPriceAfterCoupon, type SimItem } from '../catalog.js'
import { pick } from '../sim-hash.js'
import type { IssuedPromo } from '../sim-state.js'
import {
  invalidArgument,
  MATERIAL_ERRORS,
  missingArgument,
  topError,
  topSuccess,
  type TopHandler,
} from './taobao-envelope.js'
import { percent, topTime, yuan } from './taobao-format.js'
import { resolveMaterial } from './taobao-resolve.js'
import { fullTpwd, shortTpwd } from './taobao-tpwd-code.js'

export const LINK_CONVERT_METHOD = 'taobao.tbk.dg.general.link.convert'

const NUMERIC_ID = /^\d{1,20}$/
const MAX_MATERIALS = 20

/**
 * Real answers sometimes leave the 口令 fields empty; the simulator does so
 * for about 1 in 3 items, so adapters exercise their tpwd.create fallback.
 */
export function convertGivesTpwd(itemKey: string): boolean {
  return pick(`tb-convert-tpwd:${itemKey}`, 3) !== 0
}

/** 万能转链 over `material_list`; `external_id` is recorded as the promo's attribution id. */
export const handleLinkConvert: TopHandler = (params, state, requestId) => {
  const { adzone_id: adzoneId, material_list: materialList, relation_id: relationId } = params
  if (!adzoneId) return topError(requestId, missingArgument('adzone_id'))
  if (!NUMERIC_ID.test(adzoneId)) return topError(requestId, invalidArgument('adzone_id'))
  if (!materialList) return topError(requestId, missingArgument('material_list'))
  if (relationId !== undefined && !NUMERIC_ID.test(relationId)) return topError(requestId, invalidArgument('relation_id'))
  if (relationId !== undefined && params.biz_scene_id !== '2') {
    return topError(requestId, { ...invalidArgument('biz_scene_id'), subMsg: 'relation_id 需配合 biz_scene_id=2' })
  }
  const entries = materialList.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '')
  if (entries.length === 0 || entries.length > MAX_MATERIALS) return topError(requestId, invalidArgument('material_list'))
  const results = entries.map((entry) => {
    const resolution = resolveMaterial(entry, state)
    if ('failure' in resolution) return { ...resolution.failure, input_material_url: entry }
    const { item } = resolution
    if (!item.inProgram) return { ...MATERIAL_ERRORS.notPromotable, input_material_url: entry }
    const promo = state.issuePromo('taobao', item.itemKey, params.external_id, relationId)
    return { code: 0, msg: 'success', input_material_url: entry, ...converted(item, promo, adzoneId) }
  })
  return topSuccess(LINK_CONVERT_METHOD, requestId, { data: { material_url_list: { map_data: results } } })
}

function converted(item: SimItem, promo: IssuedPromo, adzoneId: string): Record<string, unknown> {
  const tpwd = convertGivesTpwd(item.itemKey)
  const cps = {
    cps_short_url: promo.shortUrl,
    cps_long_url: `https://s.click.taobao.com/t?e=${promo.code}&pid=mm_0_0_${adzoneId}`,
    ...(tpwd ? { cps_short_tpwd: shortTpwd(promo), cps_full_tpwd: fullTpwd(promo, item.title) } : {}),
  }
  const coupon = item.coupon && {
    coupon_short_url: promo.shortUrl,
    coupon_long_url: `https://uland.taobao.com/coupon/edetail?e=${promo.code}&pid=mm_0_0_${adzoneId}`,
    ...(tpwd ? { coupon_short_tpwd: shortTpwd(promo), coupon_full_tpwd: fullTpwd(promo, item.title) } : {}),
  }
  return {
    link_info_dto: { ...cps, ...coupon, material_type: 1, material_id: item.apiId, tk_biz_type: 1 },
    promotion_info_dto: {
      commission_rate: percent(item.commissionRateBp),
      commission_type: 'COMMON',
      promotion_price: String(simPriceAfterCoupon(item)),
    },
    ...(item.coupon && {
      coupon_info_dto: {
        coupon_amount: yuan(item.coupon.amountFen),
        coupon_start_fee: yuan(item.coupon.thresholdFen),
        coupon_desc:
          item.coupon.thresholdFen > 0
            ? `满${yuan(item.coupon.thresholdFen)}元减${yuan(item.coupon.amountFen)}元`
            : `${yuan(item.coupon.amountFen)}元无门槛券`,
        coupon_start_time: topTime(item.coupon.startsAt),
        coupon_end_time: topTime(item.coupon.endsAt),
        coupon_remain_count: 1 + pick(`tb-coupon-left:${item.itemKey}`, 5000),
      },
    }),
  }
}
