import { itemKeyFromApiId, simItem, simPriceAfterCoupon, type SimItem } from '../catalog.js'
import { pick } from '../sim-hash.js'
import type { IssuedPromo } from '../sim-state.js'
import type { SimState } from '../sim-state.js'
import {
  FOREIGN_ADZONE_ID,
  invalidArgument,
  MATERIAL_ERRORS,
  missingArgument,
  TBK_ERRORS,
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

/**
 * 万能转链 over `material_list` (URLs, share text, 淘口令) and `item_id_list`
 * (encrypted ids), per bububa/opentaobao `TaobaoTbkDgGeneralLinkConvertAPIRequest.go`.
 * There is no top-level `external_id` (only `item_dto[].external_id`, `LkItemDto.go`)
 * and order rows never echo one (C4): the simulator attributes nothing by it.
 * Only `relation_id` marks the promo, and TOP wants `biz_scene_id=2` with it.
 * A numeric item id is refused with -4003 (evendevil66/taolefan#5) whether
 * in `item_id_list` or bare in `material_list`; an item page URL carrying
 * one is read (the form bots convert). A lone item outside the program is
 * `isv.item-not-exist`; in a list of several, that material's result says so.
 */
export const handleLinkConvert: TopHandler = (params, state, requestId) => {
  const { adzone_id: adzoneId, material_list: materialList, item_id_list: itemIdList, relation_id: relationId } = params
  if (!adzoneId) return topError(requestId, missingArgument('adzone_id'))
  if (!NUMERIC_ID.test(adzoneId)) return topError(requestId, invalidArgument('adzone_id'))
  if (adzoneId === FOREIGN_ADZONE_ID) return topError(requestId, TBK_ERRORS.pidNotCorrect)
  if (!materialList && !itemIdList) return topError(requestId, missingArgument('material_list'))
  if (relationId !== undefined && !NUMERIC_ID.test(relationId)) return topError(requestId, invalidArgument('relation_id'))
  if (relationId !== undefined && params.biz_scene_id !== '2') {
    return topError(requestId, { ...invalidArgument('biz_scene_id'), subMsg: 'relation_id 需配合 biz_scene_id=2' })
  }
  const materials = entriesOf(materialList)
  const itemIds = entriesOf(itemIdList)
  const count = materials.length + itemIds.length
  if (count === 0 || materials.length > MAX_MATERIALS || itemIds.length > MAX_MATERIALS) {
    return topError(requestId, invalidArgument(materials.length > 0 ? 'material_list' : 'item_id_list'))
  }
  if ([...materials, ...itemIds].some((entry) => NUMERIC_ID.test(entry))) return topError(requestId, TBK_ERRORS.numericIdConvert)
  const materialResults = materials.map((entry) => {
    const resolution = resolveMaterial(entry, state)
    if ('failure' in resolution) return { ...resolution.failure, input_material_url: entry }
    return { input_material_url: entry, ...convertItem(resolution.item, state, adzoneId, relationId, 'material') }
  })
  const itemResults = itemIds.map((entry) => {
    const key = itemKeyFromApiId('taobao', entry)
    if (key === undefined) return { ...MATERIAL_ERRORS.notPromotable, input_item_id: entry }
    return { input_item_id: entry, ...convertItem(simItem('taobao', key), state, adzoneId, relationId, 'item') }
  })
  const lone: Record<string, unknown> | undefined = materialResults[0] ?? itemResults[0]
  if (count === 1 && lone?.code === MATERIAL_ERRORS.notPromotable.code) return topError(requestId, TBK_ERRORS.itemNotExist)
  return topSuccess(LINK_CONVERT_METHOD, requestId, {
    data: {
      ...(materialResults.length > 0 && { material_url_list: { material_url_list: materialResults } }),
      ...(itemResults.length > 0 && { item_url_list: { item_url_list: itemResults } }),
    },
  })
}

function entriesOf(list: string | undefined): string[] {
  return (list ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '')
}

function convertItem(
  item: SimItem,
  state: SimState,
  adzoneId: string,
  relationId: string | undefined,
  input: 'material' | 'item',
): Record<string, unknown> {
  if (!item.inProgram) return { ...MATERIAL_ERRORS.notPromotable }
  const promo = state.issuePromo('taobao', item.itemKey, undefined, relationId)
  const result = converted(item, promo, adzoneId)
  if (input === 'material') return { code: 0, msg: 'success', ...result }
  // Item results name the id `item_id` (bububa `ItemLinkInfoDto.go`).
  const { material_id: itemId, ...link } = result.link_info_dto as Record<string, unknown>
  return { code: 0, msg: 'success', ...result, link_info_dto: { ...link, item_id: itemId } }
}

function converted(item: SimItem, promo: IssuedPromo, adzoneId: string): Record<string, unknown> & { link_info_dto: unknown } {
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
