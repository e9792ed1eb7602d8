import { z } from 'zod'
import { simItem } from '../catalog.js'
import type { SimState } from '../sim-state.js'
import { jdFail, type JdInnerResult, jdOk, jdParamError } from './jd-envelope.js'
import { resolveJdMaterial } from './jd-material.js'
import { describeIssues } from './jd-request-object.js'
import { jdClickUrl, jdCommands } from './jd-sim-links.js'

const PromotionCodeReq = z.object({
  materialId: z.string().min(1),
  subUnionId: z.string().optional(),
  positionId: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).optional(),
  pid: z.string().optional(),
  couponUrl: z.string().optional(),
  chainType: z.coerce.number().int().min(1).max(3).optional(),
  command: z.coerce.number().int().optional(),
})

const SUB_UNION_ID = /^[A-Za-z0-9_-]{1,80}$/

/** jd.union.open.promotion.bysubunionid.get: `promotionCodeReq` → short / click links for the subUnionId. */
export function promotionBySubUnionId(request: unknown, state: SimState): JdInnerResult {
  const parsed = PromotionCodeReq.safeParse(request)
  if (!parsed.success) return jdParamError(describeIssues(parsed.error))
  const req = parsed.data
  if (req.pid !== undefined && req.subUnionId !== undefined) return jdFail(2001214, 'pid和subUnionId不能同时使用')
  if (req.subUnionId !== undefined && !SUB_UNION_ID.test(req.subUnionId)) return jdFail(2001208, 'subUnionId格式错误')
  const material = resolveJdMaterial(req.materialId, state)
  if ('error' in material) return material.error
  if (req.couponUrl !== undefined) {
    if (!material.itemPage) return jdParamError('使用couponUrl时materialId须为商品链接')
    if (!URL.canParse(req.couponUrl)) return jdParamError('couponUrl格式错误')
  }
  const item = simItem('jd', material.itemKey)
  if (!item.inProgram) return jdFail(2001104, '商品不在推广中')
  const promo = state.issuePromo('jd', item.itemKey, req.subUnionId)
  const chainType = req.chainType ?? 2
  return jdOk({
    ...(chainType === 1 ? {} : { shortURL: promo.shortUrl }),
    ...(chainType === 2 ? {} : { clickURL: jdClickUrl(promo.code) }),
    ...(req.command === 1 ? jdCommands(promo.code, item.title) : {}),
  })
}
