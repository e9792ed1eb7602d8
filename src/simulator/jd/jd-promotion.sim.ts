import { z } from 'zod'
import { simItem } from '../catalog.js'
import type { IssuedPromo } from '../sim-state.js'
import type { SimState } from '../sim-state.js'
import { jdCouponRefusal } from './jd-coupon-check.js'
import { jdFail, type JdInnerResult, jdOk, jdParamError } from './jd-envelope.js'
import { resolveJdMaterial } from './jd-material.js'
import { describeIssues } from './jd-request-object.js'
import { jdClickUrl, jdCommands } from './jd-sim-links.js'

const positionId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).optional()

const PromotionCodeReq = z.object({
  materialId: z.string().min(1),
  subUnionId: z.string().optional(),
  positionId,
  pid: z.string().optional(),
  couponUrl: z.string().optional(),
  chainType: z.coerce.number().int().min(1).max(3).optional(),
  command: z.coerce.number().int().optional(),
})

/**
 * promotion.common.get's `promotionCodeReq` (typed-jd-union-api
 * json-def/jd.union.open.promotion.common.get.json): materialId and siteId
 * required; no chainType or command.
 */
const CommonPromotionCodeReq = z.object({
  materialId: z.string().min(1),
  siteId: z.union([z.string(), z.number().int().nonnegative().transform(String)]).optional(),
  positionId,
  subUnionId: z.string().optional(),
  ext1: z.string().max(40).optional(),
  pid: z.string().optional(),
  couponUrl: z.string().optional(),
  giftCouponKey: z.string().optional(),
  channelId: z.coerce.number().int().optional(),
})

const SUB_UNION_ID = /^[A-Za-z0-9_-]{1,80}$/

/** jd.union.open.promotion.bysubunionid.get (高级API): `promotionCodeReq` → short / click links for the subUnionId. */
export function promotionBySubUnionId(request: unknown, state: SimState): JdInnerResult {
  const parsed = PromotionCodeReq.safeParse(request)
  if (!parsed.success) return jdParamError(describeIssues(parsed.error))
  const req = parsed.data
  if (req.pid !== undefined && req.subUnionId !== undefined) return jdFail(2001214, 'pid和subUnionId不能同时使用')
  if (req.subUnionId !== undefined && !SUB_UNION_ID.test(req.subUnionId)) return jdFail(2001208, 'subUnionId入参格式有误')
  const issued = issueJdPromo(req.materialId, req.couponUrl, req.subUnionId, state)
  if ('error' in issued) return issued.error
  const { promo, title } = issued
  const chainType = req.chainType ?? 2
  return jdOk({
    ...(chainType === 1 ? {} : { shortURL: promo.shortUrl }),
    ...(chainType === 2 ? {} : { clickURL: jdClickUrl(promo.code) }),
    ...(req.command === 1 ? jdCommands(promo.code, title) : {}),
  })
}

/**
 * jd.union.open.promotion.common.get (网站/APP获取推广链接, the 通用API):
 * answers the long clickURL only (jCommand only for red-packet campaigns,
 * which the simulator has none of). siteId is required; our guess for its
 * absence is 2001212 参数错误, for a malformed one 2001501 WEBID填写错误
 * (both in JD's table; which one JD sends when is UNCERTAIN). subUnionId and
 * ext1 need JD's approval (same json-def): a basic account's links carry
 * neither, so their orders carry none.
 */
export function promotionCommon(request: unknown, state: SimState): JdInnerResult {
  const parsed = CommonPromotionCodeReq.safeParse(request)
  if (!parsed.success) return jdParamError(describeIssues(parsed.error))
  const req = parsed.data
  if (req.siteId === undefined || req.siteId.trim() === '') return jdFail(2001212, '参数错误：siteId不能为空')
  if (!/^\d{1,20}$/.test(req.siteId)) return jdFail(2001501, 'WEBID填写错误')
  if (req.pid !== undefined && req.subUnionId !== undefined) return jdFail(2001214, 'pid和subUnionId不能同时使用')
  if (req.subUnionId !== undefined && !SUB_UNION_ID.test(req.subUnionId)) return jdFail(2001208, 'subUnionId入参格式有误')
  const attributionId = state.settings.jdTier === 'advanced' ? req.subUnionId : undefined
  const issued = issueJdPromo(req.materialId, req.couponUrl, attributionId, state)
  if ('error' in issued) return issued.error
  return jdOk({ clickURL: jdClickUrl(issued.promo.code) })
}

/** What both promotion APIs check before a link is issued: the material, the coupon, the item's program. */
function issueJdPromo(
  materialId: string,
  couponUrl: string | undefined,
  attributionId: string | undefined,
  state: SimState,
): { readonly promo: IssuedPromo; readonly title: string } | { readonly error: JdInnerResult } {
  const material = resolveJdMaterial(materialId, state)
  if ('error' in material) return material
  const item = simItem('jd', material.itemKey)
  if (couponUrl !== undefined && couponUrl !== '') {
    if (!material.itemPage) return { error: jdParamError('使用couponUrl时materialId须为商品链接') }
    if (!URL.canParse(couponUrl)) return { error: jdFail(2001905, '优惠券无效') }
    const refused = item.inProgram ? jdCouponRefusal(item) : undefined
    if (refused) return { error: refused }
  }
  if (!item.inProgram) return { error: jdFail(2001104, '商品不在推广中') }
  return { promo: state.issuePromo('jd', item.itemKey, attributionId), title: item.title }
}
