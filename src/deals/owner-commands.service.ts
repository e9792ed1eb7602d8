import { convertLinks, type ConversionDeps } from '../conversions/conversion.service.js'
import { groupsOwnedBy } from '../groups/owner-report.repository.js'
import { parseLinksCapped } from '../links/parse-links.js'
import { recordPush } from '../groups/push-history.repository.js'
import { pushLandingUrl } from '../landing/short-links.service.js'
import type { ChatInput } from '../chat/chat-input.js'
import type { ConversionFailure } from '../conversions/conversion-outcome.js'
import type { Platform } from '../links/parsed-link.js'
import { renderDealCard } from './deal-card.text.js'

/** Queues a deal card for a group as a push (paced, capped, quiet hours by the outbox); `pictureIds`: stored pictures sent before it. */
export type QueuePush = (roomId: string, text: string, dedupeKey: string, imageUrl?: string, pushSlot?: string, pictureIds?: readonly string[]) => Promise<void>

/** One push of a batch. */
export interface PushMessage {
  readonly roomId: string
  readonly text: string
  readonly dedupeKey: string
  readonly imageUrl?: string | undefined
  readonly pushSlot?: string | undefined
  /** Stored pictures sent before the text (those the copy came with). */
  readonly pictureIds?: readonly string[] | undefined
}

/** Queues many pushes in as few round trips as the outbox allows, each on the outbox of the account serving its group. */
export type QueuePushes = (pushes: readonly PushMessage[]) => Promise<void>

export interface HandPickedPushDeps extends ConversionDeps {
  readonly push: QueuePush
}

/** What 推送 did, for the reply. */
export type HandPickedPushOutcome =
  | { readonly kind: 'not-owner' }
  | { readonly kind: 'no-links' }
  | {
      readonly kind: 'queued'
      /** One entry per link, in message order. */
      readonly items: readonly (
        | { readonly ok: true; readonly title: string }
        | { readonly ok: false; readonly platform: Platform; readonly failure: ConversionFailure; readonly authorizationUrl?: string | undefined }
      )[]
      readonly groupNames: readonly string[]
      /** Links past the per-message limit, not pushed. */
      readonly more: boolean
      readonly limit: number
    }

/**
 * 推送 <links>: the owner's hand-picked deals (every link of the message, up
 * to the per-message limit), each converted once with their attribution,
 * recorded in each group's push history (the report counts them, and the
 * scheduler will not push the same item there again within the dedupe
 * window) and queued as a push to every group they own (the outbox paces it).
 */
export async function pushHandPicked(deps: HandPickedPushDeps, input: ChatInput, text: string): Promise<HandPickedPushOutcome> {
  const groups = await groupsOwnedBy(deps.db, input.contactId)
  if (groups.length === 0) return { kind: 'not-owner' }
  const { links, more } = parseLinksCapped(text)
  if (links.length === 0) return { kind: 'no-links' }
  const outcomes = await convertLinks(deps, { ...input, text, links, purpose: 'push' })
  const minute = Math.floor(Date.now() / 60_000)
  const items: Extract<HandPickedPushOutcome, { kind: 'queued' }>['items'][number][] = []
  for (const outcome of outcomes) {
    if (!outcome.ok) {
      items.push({ ok: false, platform: outcome.link.platform, failure: outcome.failure, authorizationUrl: outcome.authorizationUrl })
      continue
    }
    const { promotion, conversionId, userId } = outcome
    const key = `${promotion.platform}-${promotion.itemId}-${minute}`
    for (const group of groups) {
      // The same item pushed again within the minute (a resent message) is one push.
      const slot = `hand:${key}`
      if (!(await recordPush(deps.db, { roomId: group.room_id, slot, platform: promotion.platform, itemId: promotion.itemId, title: promotion.title }))) continue
      // Each group gets its own landing link (group × slot × item) to the one conversion, so a click says which group it came from.
      const landingUrl =
        deps.landing && conversionId && userId
          ? await pushLandingUrl(deps.db, deps.landing, { ownerId: userId, roomId: group.room_id, slot, conversionId, promotion })
          : undefined
      await deps.push(group.room_id, renderDealCard(promotion, landingUrl), `hand-push_${group.room_id}_${key}`, promotion.imageUrl, slot)
    }
    items.push({ ok: true, title: promotion.title })
  }
  return { kind: 'queued', items, groupNames: groups.map((g) => g.topic), more, limit: links.length }
}
