import { z } from 'zod'
import type { Coupon } from '../platform.js'
import { LinkNotResolvableError, PlatformResponseError } from '../platform-errors.js'
import { topError } from './taobao-error.js'
import {
  absoluteUrl,
  optionalCount,
  optionalIntegerFen,
  optionalPercentBp,
  optionalText,
  optionalYuanFen,
  parseTopTime,
} from './taobao-fields.js'
import { topList } from './taobao-list.js'

export const LINK_CONVERT_METHOD = 'taobao.tbk.dg.general.link.convert'

/** `link_info_dto.material_type` for a single item (others: 2 shop, 3 event, 5 coupon, 6 live…). */
const MATERIAL_TYPE_ITEM = 1

/**
 * One result of 万能转链: `material_url_list[]` for URLs and 淘口令, `item_url_list[]`
 * for item ids (then the id is `link_info_dto.item_id`); bububa/opentaobao
 * `MaterialUrlList.go`, `ItemUrlList.go`, `LinkInfoDto.go`, `ItemLinkInfoDto.go`.
 */
const MaterialResult = z.object({
  code: optionalText,
  msg: optionalText,
  input_material_url: optionalText,
  input_item_id: optionalText,
  link_info_dto: z
    .object({
      item_id: optionalText,
      cps_short_url: optionalText,
      cps_long_url: optionalText,
      coupon_short_url: optionalText,
      coupon_long_url: optionalText,
      cps_short_tpwd: optionalText,
      coupon_short_tpwd: optionalText,
      cps_full_tpwd: optionalText,
      coupon_full_tpwd: optionalText,
      material_type: optionalCount,
      material_id: optionalText,
    })
    .optional(),
  promotion_info_dto: z
    .object({ commission_rate: optionalPercentBp, commission_type: optionalText, promotion_price: optionalIntegerFen })
    .optional(),
  coupon_info_dto: z
    .object({
      coupon_amount: optionalYuanFen,
      // Threshold in 元: our reading of the field; older tbk APIs name it coupon_start_fee too.
      coupon_start_fee: optionalYuanFen,
      coupon_desc: optionalText,
      coupon_end_time: optionalText,
      coupon_remain_count: optionalCount,
    })
    .optional(),
})

export const LinkConvertRoot = z.object({
  data: z.object({ material_url_list: topList(MaterialResult), item_url_list: topList(MaterialResult) }),
  request_id: z.string().optional(),
})

/** One pasted link or 淘口令 converted for one user. */
export interface TaobaoConversion {
  /** The encrypted item id (link_info_dto.material_id of an item material). */
  readonly itemId: string
  /** Coupon short link when the item has a coupon, else the plain CPS short link (long forms as fallback). */
  readonly promoUrl: string
  /** The short 淘口令 matching promoUrl, when TOP gave one. */
  readonly tpwd: string | undefined
  /** 商品收入比率: commission plus subsidy. */
  readonly commissionRateBp: number | undefined
  /** 到手价 as TOP computes it. */
  readonly promotionPriceFen: number | undefined
  readonly coupon: Coupon | null
}

/** Reads the first material's result; per-material failures become typed errors. */
export function toConversion(root: z.output<typeof LinkConvertRoot>): TaobaoConversion {
  const requestId = root.request_id
  const result = root.data.material_url_list[0] ?? root.data.item_url_list[0]
  if (!result) throw new PlatformResponseError('taobao', `${LINK_CONVERT_METHOD}: no material result`, { requestId })
  if (result.code !== undefined && Number(result.code) !== 0) {
    // A per-material code is the material's problem unless its text says otherwise; -4003 reads as the numeric-id refusal.
    const fields = { code: result.code, subCode: result.code === '-4003' ? result.code : undefined, msg: result.msg, requestId }
    throw topError(LINK_CONVERT_METHOD, fields, LinkNotResolvableError)
  }
  const link = result.link_info_dto
  if (link?.material_type !== undefined && link.material_type !== MATERIAL_TYPE_ITEM) {
    throw new LinkNotResolvableError('taobao', `${LINK_CONVERT_METHOD}: material type ${link.material_type} is not an item`, {
      requestId,
    })
  }
  const coupon = toCoupon(result.coupon_info_dto)
  const promoUrl = coupon
    ? (link?.coupon_short_url ?? link?.coupon_long_url ?? link?.cps_short_url ?? link?.cps_long_url)
    : (link?.cps_short_url ?? link?.cps_long_url)
  const itemId = link?.material_id ?? link?.item_id
  if (!itemId || !promoUrl) {
    throw new PlatformResponseError('taobao', `${LINK_CONVERT_METHOD}: result without item id or promo link`, { requestId })
  }
  return {
    itemId,
    promoUrl: absoluteUrl(promoUrl),
    tpwd: coupon ? (link?.coupon_short_tpwd ?? link?.cps_short_tpwd) : link?.cps_short_tpwd,
    commissionRateBp: result.promotion_info_dto?.commission_rate,
    promotionPriceFen: result.promotion_info_dto?.promotion_price,
    coupon,
  }
}

type CouponInfo = NonNullable<z.output<typeof MaterialResult>['coupon_info_dto']>

function toCoupon(info: CouponInfo | undefined): Coupon | null {
  if (!info?.coupon_amount || info.coupon_amount <= 0) return null
  if (info.coupon_remain_count === 0) return null
  return {
    amountFen: info.coupon_amount,
    thresholdFen: info.coupon_start_fee ?? thresholdFromDesc(info.coupon_desc) ?? 0,
    endsAt: parseTopTime(info.coupon_end_time),
  }
}

/** "满99元减10元" → 9900; the description is the only threshold some answers carry. */
function thresholdFromDesc(desc: string | undefined): number | undefined {
  const match = /满(\d{1,8})(?:\.(\d{1,2}))?元/.exec(desc ?? '')
  if (!match) return undefined
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}
