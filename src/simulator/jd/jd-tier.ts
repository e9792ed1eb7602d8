import type { SimState } from '../sim-state.js'
import { jdFail, type JdInnerResult } from './jd-envelope.js'

/**
 * JD's 高级API【申请】 (news.jd.com/153_1.html: granted to enterprise
 * accounts with more than 30 000 orders a month). The 通用API
 * (promotion.common.get, goods.promotiongoodsinfo.query, category.goods.get,
 * order queries) and goods.jingfen.query (no 403 in its error table,
 * typed-jd-union-api json-def/jd.union.open.goods.jingfen.query.json) are
 * open to every account.
 */
const ADVANCED_APIS: ReadonlySet<string> = new Set([
  'jd.union.open.goods.query',
  'jd.union.open.goods.seckill.query',
  'jd.union.open.goods.stuprice.query',
  'jd.union.open.promotion.byunionid.get',
  'jd.union.open.promotion.bysubunionid.get',
  'jd.union.open.coupon.query',
  'jd.union.open.position.create',
  'jd.union.open.position.query',
])

/**
 * On a basic account an advanced API answers the inner 403 of JD's error
 * tables ("403 无访问权限，如有疑问请联系联盟客服", typed-jd-union-api
 * json-def/jd.union.open.goods.query.json and …promotion.bysubunionid.get.json).
 */
export function jdTierRefusal(method: string, state: SimState): JdInnerResult | undefined {
  if (state.settings.jdTier === 'advanced' || !ADVANCED_APIS.has(method)) return undefined
  return jdFail(403, '无访问权限，如有疑问请联系联盟客服')
}
