import { createHash } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import type { QueuePushes } from '../deals/owner-commands.service.js'
import { copyItemSlot, itemsPushedSince, lockOwnerPushes, markPushesDropped, pushedItemKey, recordPushes } from '../groups/push-history.repository.js'
import type { LandingLinks } from '../landing/landing-links.js'
import { landingUrl, SHORT_CODE_LENGTH } from '../landing/short-code.js'
import { pushLandingUrls, pushLinkKey } from '../landing/short-links.service.js'
import { MAX_OUTBOX_TEXT } from '../queue/payloads.js'
import type { ConvertedCopy } from './copy-rewrite-outcome.js'
import { ourLink, renderCopy, type ChooseLink, type ConvertedLink } from './copy-rewrite.service.js'

export interface FanOutDeps {
  readonly db: Kysely<Database>
  /** Set when LANDING_PAGES=on: each group gets its own landing link per item. */
  readonly landing?: LandingLinks | undefined
  readonly pushMany: QueuePushes
}

/** Which groups got the copy and which were skipped as duplicates, for a caller's own log (written in the same transaction). */
export interface FanOutDecision {
  readonly pushed: readonly string[]
  readonly duplicates: readonly string[]
  /** The post's slot: an item's history row in a group is `copyItemSlot(slot, item)`. */
  readonly slot: string
}

export interface FanOutRequest {
  /** Whose pushes these are: one owner's fan-outs are serialised (the dedupe check and the record are one step). */
  readonly ownerContactId: string
  /** Every link converted (the caller refuses a copy with problems). */
  readonly conversion: ConvertedCopy
  readonly targets: readonly { readonly room_id: string }[]
  /** The slot's first part: `copy` (推送) or `relay`. */
  readonly kind: 'copy' | 'relay'
  /** What names the post (source + text): the same post again within the minute is the same slot, pushed once. */
  readonly post: string
  /** Relay: a group that got every item of the copy since then (and kept it) is a duplicate and gets nothing. */
  readonly dedupeSince?: Date | undefined
  readonly record?: (trx: Transaction<Database>, decision: FanOutDecision) => Promise<void>
  /** Stored pictures the copy came with (src/pictures/), sent before its text in every group. */
  readonly pictureIds?: readonly string[] | undefined
}

/** One group's message: the lead hangs pictures onto it by this. */
export interface FannedOut {
  readonly roomId: string
  readonly dedupeKey: string
  /** The push slot the outbox carries (the history rows are `slot#platform-item`, one per item). */
  readonly slot: string
}

export interface FanOutResult {
  readonly queued: readonly FannedOut[]
  readonly duplicates: readonly string[]
}

/** An enqueue that failed after its history was written: the rows are marked so, like a drop. */
const NOT_QUEUED = 'not-queued'

/**
 * One converted copy to many groups: per group the copy is rendered from the
 * same conversions with that group's own landing link per item (so a click
 * says which group), else the owner's promo links. Under a per-owner lock, in
 * one transaction: one dedupe look-up for all groups × items, one history row
 * per group × item (发单报表 counts them, the scheduler skips the item there,
 * an outbox drop marks them), the landing links, and the caller's log. The
 * messages are queued after the commit, in one batch: a consumer that drops a
 * message at once must find its rows to mark. No platform call happens here.
 */
export async function fanOutCopy(deps: FanOutDeps, request: FanOutRequest): Promise<FanOutResult> {
  const items = distinctItems(request.conversion.conversions)
  const minute = Math.floor(Date.now() / 60_000)
  const slot = `${request.kind}:${minute}:${createHash('sha256').update(request.post).digest('hex').slice(0, 16)}`
  const itemSlot = (item: ConvertedLink) => copyItemSlot(slot, item.promotion)
  const { rooms, duplicates, links } = await deps.db.transaction().execute(async (trx) => {
    await lockOwnerPushes(trx, request.ownerContactId)
    const roomIds = request.targets.map((t) => t.room_id)
    const duplicates: string[] = []
    const fresh: string[] = []
    const { dedupeSince } = request
    if (dedupeSince === undefined || items.length === 0) fresh.push(...roomIds)
    else {
      const seen = await itemsPushedSince(trx, roomIds, items.map((i) => i.promotion), dedupeSince)
      for (const roomId of roomIds) {
        // A copy is new to a group while any of its items is: only a copy of items all pushed there lately is a duplicate.
        if (items.every((i) => seen.has(pushedItemKey(roomId, i.promotion.platform, i.promotion.itemId)))) duplicates.push(roomId)
        else fresh.push(roomId)
      }
    }
    const recorded = await recordPushes(
      trx,
      fresh.flatMap((roomId) =>
        items.map((i) => ({ roomId, slot: itemSlot(i), platform: i.promotion.platform, itemId: i.promotion.itemId, title: i.promotion.title })),
      ),
    )
    // A group whose rows all existed already got this very post (a resend within the minute).
    const recordedRooms = new Set(recorded.map((r) => r.room_id))
    const rooms = fresh.filter((roomId) => recordedRooms.has(roomId))
    const linked = items.flatMap(({ conversionId, userId, promotion }) => (conversionId !== undefined && userId !== undefined ? [{ conversionId, userId, promotion }] : []))
    const links =
      deps.landing && linked.length > 0
        ? await pushLandingUrls(
            trx,
            deps.landing,
            rooms.flatMap((roomId) =>
              linked.map((i) => ({ ownerId: i.userId, roomId, slot: copyItemSlot(slot, i.promotion), conversionId: i.conversionId, promotion: i.promotion })),
            ),
          )
        : new Map<string, string>()
    await request.record?.(trx, { pushed: rooms, duplicates, slot })
    return { rooms, duplicates, links }
  })
  const queued = rooms.map((roomId) => ({ roomId, slot, dedupeKey: `copy-push_${roomId}_${slot}` }))
  const choose =
    (roomId: string): ChooseLink =>
    (span, outcome) => {
      const url = links.get(pushLinkKey(roomId, itemSlot(outcome)))
      return url === undefined ? ourLink(span, outcome) : { text: url, isLink: true }
    }
  try {
    await deps.pushMany(
      queued.map((q) => ({ roomId: q.roomId, text: renderCopy(request.conversion, choose(q.roomId)), dedupeKey: q.dedupeKey, pushSlot: slot, pictureIds: request.pictureIds })),
    )
  } catch (error) {
    // Never sent: the history must not count it, nor keep the scheduler and the relay dedupe off the items.
    await markPushesDropped(deps.db, rooms, slot, NOT_QUEUED)
    throw error
  }
  return { queued, duplicates }
}

/**
 * Whether some group's text could be longer than the outbox takes: the copy
 * rendered with the longest replacement each link can get (a landing link has
 * a fixed length). Checked before anything is recorded, so a copy is pushed
 * to every group or to none.
 */
export function tooLongToFanOut(conversion: ConvertedCopy, landing: LandingLinks | undefined): boolean {
  const landingProbe = landing === undefined ? undefined : landingUrl(landing.baseUrl(), 'x'.repeat(SHORT_CODE_LENGTH))
  const probe = renderCopy(conversion, (span, outcome) => {
    const own = ourLink(span, outcome)
    return landingProbe !== undefined && landingProbe.length > own.text.length ? { text: landingProbe, isLink: true } : own
  })
  return probe.length > MAX_OUTBOX_TEXT
}

/** One conversion per item: two links to one item (an item page and a short link to it) are one history row. */
function distinctItems(conversions: readonly ConvertedLink[]): ConvertedLink[] {
  const byItem = new Map<string, ConvertedLink>()
  for (const c of conversions) {
    const key = `${c.promotion.platform}:${c.promotion.itemId}`
    if (!byItem.has(key)) byItem.set(key, c)
  }
  return [...byItem.values()]
}
