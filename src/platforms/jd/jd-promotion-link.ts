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

export const PromotionLinkSchema = z
  .object({
    shortURL: z.string().optional(),
    clickURL: z.string().optional(),
    jCommand: z.string().optional(),
    jShortCommand: z.string().optional(),
  })
  .refine((link) => link.shortURL !== undefined || link.clickURL !== undefined, 'neither shortURL nor clickURL')

export type JdPromotionLink = z.output<typeof PromotionLinkSchema>

/** The request object as JOS takes it; undefined fields vanish in JSON. */
export function promotionCodeReq(request: JdPromotionRequest): Record<string, unknown> {
  const { positionId } = request
  return {
    materialId: request.materialId,
    subUnionId: request.subUnionId,
    positionId: positionId !== undefined && /^\d{1,15}$/.test(positionId) ? Number(positionId) : positionId,
    couponUrl: request.couponUrl,
    // 3 = both the long clickURL and the 60-day shortURL.
    chainType: 3,
    command: request.withCommand ? 1 : undefined,
  }
}
