import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { ParsedLink, Platform } from '../links/parsed-link.js'
import { applyRateBp } from '../money/fen.js'
import type { AffiliatePlatform, Promotion } from '../platforms/platform.js'
import { AuthorizationRequiredError, PlatformError } from '../platforms/platform-errors.js'
import { createLogger } from '../shared/log.js'
import { OncePer } from '../shared/once-per.js'
import { ensureUser, type ChatIdentity } from '../users/user.service.js'
import type { UserRow } from '../users/user.table.js'
import { classifyFailure } from './classify-failure.js'
import type { ConversionOutcome } from './conversion-outcome.js'
import { insertConversion, userWasPromotedItem } from './conversion.repository.js'

const log = createLogger('conversion')

/**
 * A misconfiguration repeats on every message until an operator fixes it:
 * its error line is written once an hour per platform and code, the
 * repeats at debug level.
 */
const operatorAlerts = new OncePer(3_600_000)

/** Long pasted texts are kept only as far as they identify the material. */
const MAX_MATERIAL_CHARS = 500

export interface ConversionDeps {
  readonly db: Kysely<Database>
  readonly platforms: Readonly<Record<Platform, AffiliatePlatform>>
  /** The user's share of the commission, in basis points. */
  readonly userShareBp: number
  /** A group owner's share on items they pushed (crediting gives them this on their own orders of such an item). */
  readonly groupOwnerShareBp?: number
}

export interface ConvertRequest extends ChatIdentity {
  readonly roomId?: string | undefined
  /** The whole message, for platforms that convert share text as a whole. */
  readonly text: string
  readonly links: readonly ParsedLink[]
  /** 'push' when the owner converts a deal to push to their groups. */
  readonly purpose?: 'reply' | 'push'
}

/**
 * Turns each link of one message into this user's promo link, records who
 * was given which link (the attribution ladder reads it), and reports per
 * link. Never throws for a platform failure: that becomes a failed outcome.
 */
export async function convertLinks(deps: ConversionDeps, request: ConvertRequest): Promise<ConversionOutcome[]> {
  if (request.links.length === 0) return []
  const user = await ensureUser(deps.db, request)
  const material = request.links.length === 1 && request.text.length <= MAX_MATERIAL_CHARS ? request.text : undefined
  return Promise.all(request.links.map((link) => convertOne(deps, request, user, link, material)))
}

async function convertOne(
  deps: ConversionDeps,
  request: ConvertRequest,
  user: UserRow,
  link: ParsedLink,
  material: string | undefined,
): Promise<ConversionOutcome> {
  let promotion: Promotion
  try {
    promotion = await deps.platforms[link.platform].promote(
      link,
      { attributionId: user.attribution_id, taobaoRelationId: user.taobao_relation_id ?? undefined },
      material,
    )
  } catch (error) {
    const failure = classifyFailure(error)
    const codes = error instanceof PlatformError ? { code: error.code, subCode: error.subCode } : {}
    const fields = { link, user: user.id, failure, error, ...codes }
    if (failure === 'internal') log.error('link conversion failed', fields)
    else if (failure === 'platform-misconfigured') {
      const key = `${link.platform}|${String(codes.code)}|${String(codes.subCode)}`
      if (operatorAlerts.allow(key)) log.error('link conversion failed (said once an hour per platform and code)', fields)
      else log.debug('link conversion failed', fields)
    } else if (failure === 'platform-busy' || failure === 'platform-unavailable') log.warn('platform unavailable', fields)
    else log.info('link not convertible', fields)
    const authorizationUrl = error instanceof AuthorizationRequiredError ? error.authorizationUrl : undefined
    return { ok: false, link, failure, ...(authorizationUrl ? { authorizationUrl } : {}) }
  }
  // Quote what crediting will give: an owner buying an item they pushed to their groups earns the group-owner share.
  const ownerShare = request.purpose !== 'push' && deps.groupOwnerShareBp !== undefined && deps.groupOwnerShareBp !== deps.userShareBp
    && (await userWasPromotedItem(deps.db, { userId: user.id, platform: promotion.platform, itemId: promotion.itemId, purpose: 'push' }))
  const rebateFen = applyRateBp(promotion.commissionFen, ownerShare ? (deps.groupOwnerShareBp ?? deps.userShareBp) : deps.userShareBp)
  await insertConversion(deps.db, {
    user_id: user.id,
    room_id: request.roomId ?? null,
    platform: promotion.platform,
    item_id: promotion.itemId,
    material: (material ?? JSON.stringify(link)).slice(0, MAX_MATERIAL_CHARS),
    attribution_id: user.attribution_id,
    promo_url: promotion.promoUrl,
    tpwd: promotion.tpwd ?? null,
    title: promotion.title.slice(0, 200),
    price_fen: promotion.priceFen,
    coupon_fen: promotion.coupon && promotion.priceAfterCouponFen < promotion.priceFen ? promotion.coupon.amountFen : 0,
    price_after_coupon_fen: promotion.priceAfterCouponFen,
    commission_rate_bp: promotion.commissionRateBp,
    commission_fen: promotion.commissionFen,
    rebate_fen: rebateFen,
    purpose: request.purpose ?? 'reply',
  })
  return { ok: true, link, promotion, rebateFen }
}
