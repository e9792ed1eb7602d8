import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'
import type { Promotion } from '../platforms/platform.js'
import { upsertAuthorizationLink } from './authorization-link.repository.js'
import type { LandingLinks } from './landing-links.js'
import { authorizationPageUrl, landingUrl, newShortCode } from './short-code.js'
import { upsertPushShortLink, upsertPushShortLinks, upsertReplyShortLink } from './short-link.repository.js'

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

/**
 * pushLandingUrl for many groups × items at once (a copy fanned out): one code
 * per group × slot × item, each slot naming one item. Resolves to the URL by
 * `room_id` + slot.
 */
export async function pushLandingUrls(
  db: Kysely<Database>,
  links: LandingLinks,
  facts: readonly { readonly ownerId: string; readonly roomId: string; readonly slot: string; readonly conversionId: string; readonly promotion: Promotion }[],
): Promise<Map<string, string>> {
  const rows = await upsertPushShortLinks(
    db,
    facts.map((f) => ({ ...target(f.promotion, f.conversionId), code: newShortCode(), ownerId: f.ownerId, roomId: f.roomId, slot: f.slot })),
  )
  const base = links.baseUrl()
  return new Map(rows.map((row) => [pushLinkKey(row.room_id, row.slot), landingUrl(base, row.code)]))
}

/** The key of pushLandingUrls' answer. */
export function pushLinkKey(roomId: string, slot: string): string {
  return `${roomId}|${slot}`
}

/** The landing page in front of a platform's authorization URL for a user (PDD 授权备案): one code per user × platform. */
export async function authorizationLandingUrl(
  db: Kysely<Database>,
  links: LandingLinks,
  facts: { readonly userId: string; readonly platform: Platform; readonly url: string },
): Promise<string> {
  const code = await upsertAuthorizationLink(db, { code: newShortCode(), ...facts })
  return authorizationPageUrl(links.baseUrl(), code)
}
