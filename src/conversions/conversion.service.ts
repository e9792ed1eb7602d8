import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { LandingLinks } from '../landing/landing-links.js'
import { authorizationLandingUrl, replyLandingUrl } from '../landing/short-links.service.js'
import type { ParsedLink, Platform } from '../links/parsed-link.js'
import type { AffiliatePlatform, Promotion } from '../platforms/platform.js'
import { AuthorizationRequiredError, PlatformError } from '../platforms/platform-errors.js'
import { count } from '../metrics/metrics.js'
import { createLogger } from '../shared/log.js'
import { OncePer } from '../shared/once-per.js'
import { ensureUser, type ChatIdentity } from '../users/user.service.js'
import type { UserRow } from '../users/user.table.js'
import { classifyFailure } from './classify-failure.js'
import { conversionRow, MAX_MATERIAL_CHARS, quotedShareBp, type RebateShares } from './conversion-row.js'
import type { ConversionOutcome } from './conversion-outcome.js'
import { insertConversion, userWasPromotedItem } from './conversion.repository.js'

const log = createLogger('conversion')

/**
 * A misconfiguration repeats on every message until an operator fixes it:
 * its error line is written once an hour per platform and code, the
 * repeats at debug level.
 */
const operatorAlerts = new OncePer(3_600_000)

export interface ConversionDeps extends RebateShares {
  readonly db: Kysely<Database>
  readonly platforms: Readonly<Record<Platform, AffiliatePlatform>>
  /** Set when LANDING_PAGES=on: replies carry a landing-page link instead of the promo link. */
  readonly landing?: LandingLinks | undefined
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
    count.conversion(link.platform, failure)
    const codes = error instanceof PlatformError ? { code: error.code, subCode: error.subCode } : {}
    const fields = { link, user: user.id, failure, error, ...codes }
    if (failure === 'internal') log.error('link conversion failed', fields)
    else if (failure === 'platform-misconfigured') {
      const key = `${link.platform}|${String(codes.code)}|${String(codes.subCode)}`
      if (operatorAlerts.allow(key)) log.error('link conversion failed (said once an hour per platform and code)', fields)
      else log.debug('link conversion failed', fields)
    } else if (failure === 'platform-busy' || failure === 'platform-unavailable') log.warn('platform unavailable', fields)
    else log.info('link not convertible', fields)
    const platformUrl = error instanceof AuthorizationRequiredError ? error.authorizationUrl : undefined
    // With landing pages on, the chat carries our page in front of the platform's authorization URL, as it does for promo links.
    const authorizationUrl =
      platformUrl && deps.landing
        ? await authorizationLandingUrl(deps.db, deps.landing, { userId: user.id, platform: link.platform, url: platformUrl })
        : platformUrl
    return { ok: false, link, failure, ...(authorizationUrl ? { authorizationUrl } : {}) }
  }
  // Quote what crediting will give: orders of an item that reached its buyer through their own push earn the group-owner share.
  const purpose = request.purpose ?? 'reply'
  const viaOwnPush = purpose === 'push'
    || (deps.groupOwnerShareBp !== undefined && deps.groupOwnerShareBp !== deps.userShareBp
      && (await userWasPromotedItem(deps.db, { userId: user.id, platform: promotion.platform, itemId: promotion.itemId, purpose: 'push' })))
  const row = conversionRow({
    user: { id: user.id, attributionId: user.attribution_id },
    roomId: request.roomId ?? null,
    material: material ?? JSON.stringify(link),
    promotion,
    shareBp: quotedShareBp(deps, viaOwnPush),
    purpose,
  })
  const { landing } = deps
  // A hand-picked push (推送) links each group to this conversion itself (one code per group × slot × item).
  if (!landing || purpose === 'push') {
    const conversion = await insertConversion(deps.db, row)
    count.conversion(link.platform, 'converted')
    return { ok: true, link, promotion, rebateFen: row.rebate_fen, conversionId: conversion.id, userId: user.id }
  }
  // The short link commits with its conversion: a link in chat always has a page behind it.
  const { conversion, landingUrl } = await deps.db.transaction().execute(async (trx) => {
    const conversion = await insertConversion(trx, row)
    return { conversion, landingUrl: await replyLandingUrl(trx, landing, { userId: user.id, conversionId: conversion.id, promotion }) }
  })
  count.conversion(link.platform, 'converted')
  return { ok: true, link, promotion, rebateFen: row.rebate_fen, conversionId: conversion.id, userId: user.id, landingUrl }
}
