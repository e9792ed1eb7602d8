import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Promotion } from '../platforms/platform.js'
import type { LandingLinks } from './landing-links.js'
import { landingUrl, newShortCode } from './short-code.js'
import { upsertPushShortLink, upsertReplyShortLink } from './short-link.repository.js'

function target(promotion: Promotion, conversionId: string) {
  return {
    platform: promotion.platform,
    itemId: promotion.itemId,
    conversionId,
    imageUrl: promotion.imageUrl ?? null,
    couponEndAt: promotion.coupon?.endsAt ?? null,
  }
}

/**
 * The landing-page URL for a reply: one code per user × item, pointing at
 * this (the newest) conversion. Call it on the handle that inserted the
 * conversion, so both commit together.
 */
export async function replyLandingUrl(
  db: Kysely<Database>,
  links: LandingLinks,
  facts: { readonly userId: string; readonly conversionId: string; readonly promotion: Promotion },
): Promise<string> {
  const code = await upsertReplyShortLink(db, { ...target(facts.promotion, facts.conversionId), code: newShortCode(), userId: facts.userId })
  return landingUrl(links.baseUrl(), code)
}

/** The landing-page URL for a push: one code per group × slot × item, pointing at the push's conversion. */
export async function pushLandingUrl(
  db: Kysely<Database>,
  links: LandingLinks,
  facts: { readonly ownerId: string; readonly roomId: string; readonly slot: string; readonly conversionId: string; readonly promotion: Promotion },
): Promise<string> {
  const code = await upsertPushShortLink(db, {
    ...target(facts.promotion, facts.conversionId),
    code: newShortCode(),
    ownerId: facts.ownerId,
    roomId: facts.roomId,
    slot: facts.slot,
  })
  return landingUrl(links.baseUrl(), code)
}
