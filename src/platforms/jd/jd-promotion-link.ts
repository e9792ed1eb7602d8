import { z } from 'zod'

/** `promotionCodeReq` of jd.union.open.promotion.bysubunionid.get, in our terms. */
export interface JdPromotionRequest {
  /** An item, activity or union URL; JD rejects a bare sku. */
  readonly materialId: string
  /** Our per-user attribution id; JD echoes it on orders. */
  readonly subUnionId?: string | undefined
  readonly positionId?: string | undefined
  /** 二合一: the coupon to bind; materialId must then be an item page. */
  readonly couponUrl?: string | undefined
  /** Also ask for the 京口令 (`command: 1`). */
  readonly withCommand?: boolean | undefined
}

/**
 * `promotionCodeReq` of jd.union.open.promotion.common.get (网站/APP获取推广链接,
 * the 通用API): siteId is required (the 网站ID/APP ID the link is published
 * from; orders from elsewhere turn 无效-来源与备案网址不符). subUnionId and
 * ext1 exist there too but need the same application as the 高级API
 * (typed-jd-union-api json-def/jd.union.open.promotion.common.get.json), so
 * we never send them.
 */
export interface JdCommonPromotionRequest {
  readonly materialId: string
  readonly siteId: string
  readonly positionId?: string | undefined
  readonly couponUrl?: string | undefined
}

export const PromotionLinkSchema = z
  .object({
    shortURL: z.string().optional(),
    clickURL: z.string().optional(),
    jCommand: z.string().optional(),
    jShortCommand: z.string().optional(),
  })
  .refine((link) => link.shortURL !== undefined || link.clickURL !== undefined, 'neither shortURL nor clickURL')

export type JdPromotionLink = z.output<typeof PromotionLinkSchema>

/** The link a reply carries: the short u.jd.com one when JD gave it (advanced accounts), else the long clickURL. */
export function jdPromoUrl(link: Pick<JdPromotionLink, 'shortURL' | 'clickURL'>): string {
  return link.shortURL ?? link.clickURL ?? ''
}

/** The request object as JOS takes it; undefined fields vanish in JSON. */
export function promotionCodeReq(request: JdPromotionRequest): Record<string, unknown> {
  return {
    materialId: request.materialId,
    subUnionId: request.subUnionId,
    positionId: numericWhenDigits(request.positionId),
    couponUrl: request.couponUrl,
    // 3 = both the long clickURL and the 60-day shortURL.
    chainType: 3,
    command: request.withCommand ? 1 : undefined,
  }
}

/** common.get's request object: it has no chainType and answers the long clickURL only. */
export function commonPromotionCodeReq(request: JdCommonPromotionRequest): Record<string, unknown> {
  return {
    materialId: request.materialId,
    siteId: request.siteId,
    positionId: numericWhenDigits(request.positionId),
    couponUrl: request.couponUrl,
  }
}

/** positionId is a Number in JD's docs; a configured id of digits is sent as one. */
function numericWhenDigits(id: string | undefined): number | string | undefined {
  return id !== undefined && /^\d{1,15}$/.test(id) ? Number(id) : id
}
