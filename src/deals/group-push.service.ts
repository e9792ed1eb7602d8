import type { Kysely } from 'kysely'
import { conversionRow, quotedShareBp, type RebateShares } from '../conversions/conversion-row.js'
import { insertConversion } from '../conversions/conversion.repository.js'
import { pushNeedsAuthorizationNotice, pushSkippedNotice } from './group-push.text.js'
import type { Database } from '../db/database.js'
import { findGroup } from '../groups/group.repository.js'
import type { LandingLinks } from '../landing/landing-links.js'
import { authorizationLandingUrl, pushLandingUrl } from '../landing/short-links.service.js'
import { pushedSince, recordPush, slotPushed } from '../groups/push-history.repository.js'
import type { Platform } from '../links/parsed-link.js'
import { PLATFORMS } from '../links/parsed-link.js'
import type { CuratedDeal, DealSource } from '../platforms/deal-source.js'
import type { AffiliatePlatform, Promotion } from '../platforms/platform.js'
import { AuthorizationRequiredError } from '../platforms/platform-errors.js'
import { createLogger } from '../shared/log.js'
import { newAttributionId } from '../users/attribution-id.js'
import { ensureUserQuietly } from '../users/user.repository.js'
import { renderDealCard } from './deal-card.text.js'
import { dealKey, selectDeal } from './select-deal.js'

const log = createLogger('push')

export interface GroupPushDeps extends RebateShares {
  readonly db: Kysely<Database>
  readonly platforms: Readonly<Record<Platform, AffiliatePlatform & DealSource>>
  readonly dedupeWindowMs: number
  readonly allowWithoutCoupon: boolean
  /** Queues the card on the outbox as a push (paced, capped, quiet hours). */
  /** `pushSlot`: the push history slot, so a push the outbox drops is marked as never sent. */
  readonly send: (roomId: string, text: string, dedupeKey: string, imageUrl?: string, pushSlot?: string) => Promise<void>
  /** Tells the owner once per slot that the platforms were down (dedupe key per owner and slot). */
  readonly tellOwner: (contactId: string, text: string, dedupeKey: string) => Promise<void>
  /** Set when LANDING_PAGES=on: the card carries a landing-page link (one per group × slot × item) instead of the promo link. */
  readonly landing?: LandingLinks | undefined
}

export type PushOutcome = 'pushed' | 'already-pushed' | 'paused' | 'no-group' | 'no-deal' | 'platforms-down'

/**
 * One scheduled push to one group: the best deal of its categories not
 * pushed there within the dedupe window, converted with the group owner's
 * attribution (orders from the group credit the owner), recorded against
 * the slot (a slot pushes at most once, whoever runs it) and queued as a push.
 */
export async function pushToGroup(deps: GroupPushDeps, roomId: string, slot: string, now: Date = new Date()): Promise<PushOutcome> {
  const group = await findGroup(deps.db, roomId)
  if (!group || !group.owner_contact_id) return 'no-group'
  if (group.push_paused) return 'paused'
  if (await slotPushed(deps.db, roomId, slot)) return 'already-pushed'
  const recentlyPushed = await pushedSince(deps.db, roomId, new Date(now.getTime() - deps.dedupeWindowMs))
  const rotation = rotate(PLATFORMS, slot)
  const category = group.push_categories.length > 0 ? rotate(group.push_categories, slot)[0] : undefined
  let failures = 0
  for (const platform of rotation) {
    let promotion: Promotion
    try {
      const page = await deps.platforms[platform].listDeals({ keyword: category, page: 1, pageSize: 20 })
      const deal = selectDeal(page.deals, { recentlyPushed, allowWithoutCoupon: deps.allowWithoutCoupon })
      if (!deal) continue
      const owner = await ensureUserQuietly(deps.db, group.owner_contact_id, newAttributionId())
      promotion = await deps.platforms[platform].promote({ platform, itemId: deal.itemId }, { attributionId: owner.attribution_id, taobaoRelationId: owner.taobao_relation_id ?? undefined })
      // A link without price or coupon facts (JD ordinary accounts) is quoted from the curated deal it was chosen from.
      if (promotion.quoted === false || promotion.couponKnown === false) promotion = withDealFacts(promotion, deal)
      if (recentlyPushed.has(dealKey(promotion))) continue
      if (!(await recordPush(deps.db, { roomId, slot, platform, itemId: promotion.itemId, title: promotion.title }))) return 'already-pushed'
      const row = conversionRow({
        user: { id: owner.id, attributionId: owner.attribution_id },
        roomId,
        material: `push:${slot}`,
        promotion,
        // Orders through the owner's push credit the owner as group owner.
        shareBp: quotedShareBp(deps, true),
        purpose: 'push',
      })
      const { landing } = deps
      let landingUrl: string | undefined
      if (!landing) await insertConversion(deps.db, row)
      else {
        // The short link commits with its conversion: a link in the group always has a page behind it.
        landingUrl = await deps.db.transaction().execute(async (trx) => {
          const conversion = await insertConversion(trx, row)
          return pushLandingUrl(trx, landing, { ownerId: owner.id, roomId, slot, conversionId: conversion.id, promotion })
        })
      }
      await deps.send(roomId, renderDealCard(promotion, landingUrl), `push_${roomId}_${slot}`, promotion.imageUrl, slot)
      return 'pushed'
    } catch (error) {
      if (error instanceof AuthorizationRequiredError) {
        // The owner's own 授权备案 is missing: not an outage, and only they can fix it — tell them, once a day.
        log.info('deal push: the group owner has not authorized this platform yet', { roomId, slot, platform })
        const { landing } = deps
        const url =
          error.authorizationUrl && landing
            ? await authorizationLandingUrl(deps.db, landing, {
                userId: (await ensureUserQuietly(deps.db, group.owner_contact_id, newAttributionId())).id,
                platform,
                url: error.authorizationUrl,
              })
            : error.authorizationUrl
        await deps.tellOwner(
          group.owner_contact_id,
          pushNeedsAuthorizationNotice(platform, url),
          `push-auth_${group.owner_contact_id}_${platform}_${slot.slice(0, 8)}`,
        )
        continue
      }
      failures++
      log.warn('deal push: platform failed, trying the next', { roomId, slot, platform, error })
    }
  }
  if (failures === rotation.length) {
    log.error('deal push skipped: every platform failed', { roomId, slot })
    await deps.tellOwner(group.owner_contact_id, pushSkippedNotice(slot), `push-down_${group.owner_contact_id}_${slot}`)
    return 'platforms-down'
  }
  return 'no-deal'
}

function withDealFacts(promotion: Promotion, deal: CuratedDeal): Promotion {
  return {
    ...promotion,
    title: deal.title,
    imageUrl: promotion.imageUrl ?? deal.imageUrl,
    priceFen: deal.priceFen,
    coupon: deal.coupon,
    priceAfterCouponFen: deal.priceAfterCouponFen,
    commissionRateBp: deal.commissionRateBp,
    commissionFen: deal.commissionFen,
    quoted: true,
    couponKnown: true,
  }
}

/** A deterministic rotation so consecutive slots start with different platforms and categories. */
function rotate<T>(items: readonly T[], slot: string): T[] {
  let hash = 0
  for (const ch of slot) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0
  const start = items.length > 0 ? hash % items.length : 0
  return [...items.slice(start), ...items.slice(0, start)]
}
