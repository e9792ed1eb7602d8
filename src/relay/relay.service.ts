import type { ChatInput } from '../chat/chat-input.js'
import type { ConversionDeps } from '../conversions/conversion.service.js'
import { fanOutCopy, tooLongToFanOut, type FanOutDeps } from '../copy/copy-fan-out.service.js'
import { convertCopy, mayBeCopy } from '../copy/copy-rewrite.service.js'
import { picturesAtCopy, type PictureDeps, type PostTarget } from '../pictures/picture.service.js'
import { copyItemSlot } from '../groups/push-history.repository.js'
import { createLogger } from '../shared/log.js'
import { findUserByContactId } from '../users/user.repository.js'
import { filterReason } from './relay-filter.js'
import { filterOf, logRelay, relayingOwners, relayTargetsOf } from './relay.repository.js'
import { stripMentions } from './strip-mentions.js'

export interface RelayDeps extends ConversionDeps, FanOutDeps, PictureDeps {
  /** RELAY_DEDUPE_HOURS: the same item goes to a group at most once in this window. */
  readonly relayDedupeWindowMs: number
}

/** What relaying did with one message; `source` says whether anyone relays its conversation (the bot then stays quiet there). */
export interface RelayResult {
  readonly source: boolean
  readonly queued: number
}

const log = createLogger('relay')

const NOT_A_SOURCE: RelayResult = { source: false, queued: 0 }

/** Owners of one source relayed at the same time. */
const OWNERS_AT_ONCE = 4

/**
 * 线报转发: a message from a conversation some owners relay is converted once
 * per owner with that owner's attribution (the 转链 path), filtered by their
 * filters and fanned out (fanOutCopy: each group its own landing links,
 * deduped per target group against its push history) through the outbox to
 * each of their groups with relaying on. A copy with any link that could not be made
 * the owner's is not relayed at all: a buyer must never reach another
 * promoter through the owner's group. Messages said in a group that receives
 * relays are never relayed (no loops); the bot's own messages never get here
 * (the edge drops them).
 */
export async function relayMessage(deps: RelayDeps, input: ChatInput, receivesRelays?: boolean): Promise<RelayResult> {
  const sourceId = input.roomId ?? input.contactId
  const owners = await relayingOwners(deps.db, input, receivesRelays)
  if (owners.length === 0) return NOT_A_SOURCE
  const copy = stripMentions(input.verbatimText ?? input.text)
  // Chatter (most of what a source says): no deal copy for any owner, so no owner's targets, pictures or conversion are looked at.
  if (!mayBeCopy(copy)) return { source: true, queued: 0 }
  // Pictures the poster sent just before: they go before the copy in every target (docs/relay.md, pictures).
  const pictures = await picturesAtCopy(deps, { conversationId: sourceId, talkerId: input.contactId })
  let isCopy = false
  const queued: PostTarget[] = []
  // Owners side by side (each waits on its own platform calls; one owner's fan-outs are serialised by its lock),
  // a few at a time so a source many owners follow does not fire all their conversions at once.
  for (let i = 0; i < owners.length; i += OWNERS_AT_ONCE) {
    const results = await Promise.all(
      owners.slice(i, i + OWNERS_AT_ONCE).map((owner) =>
        // One owner's failure (a database hiccup) neither stops the others' relays nor the answer to the message.
        relayForOwner(deps, owner, sourceId, copy, pictures.pictureIds).catch((error: unknown) => {
          log.error('relay failed', { owner, sourceId, error })
          return undefined
        }),
      ),
    )
    for (const targets of results) {
      isCopy ||= targets !== undefined
      queued.push(...(targets ?? []))
    }
  }
  if (isCopy) await pictures.queued(queued)
  return { source: true, queued: queued.length }
}

/** The targets the copy was queued to, or undefined when the message is no deal copy (for this owner). */
async function relayForOwner(deps: RelayDeps, owner: string, sourceId: string, copy: string, pictureIds: readonly string[]): Promise<PostTarget[] | undefined> {
  const targets = (await relayTargetsOf(deps.db, owner)).filter((t) => t.room_id !== sourceId)
  if (targets.length === 0) return undefined
  const user = await findUserByContactId(deps.db, owner)
  // Converted as the owner's push: the owner's attribution, the group-owner share (the deal goes to their groups, as 推送).
  const conversion = await convertCopy(deps, { contactId: owner, displayName: user?.display_name ?? owner, copy, purpose: 'push' })
  // Chatter, a too-long post: not a deal copy, nothing to log.
  if (conversion.kind !== 'converted' || (conversion.converted.length === 0 && conversion.problems.length === 0)) return undefined
  const record = (rows: Parameters<typeof logRelay>[1]) => logRelay(deps.db, rows)
  const items = conversion.converted
  if (conversion.problems.length > 0 || conversion.notConverted > 0) {
    await record([{ ownerContactId: owner, sourceId, outcome: 'filtered', reason: '有链接无法转换' }])
    return []
  }
  // With the owner's links it would not fit in one chat message.
  if (tooLongToFanOut(conversion, deps.landing)) {
    await record([{ ownerContactId: owner, sourceId, outcome: 'filtered', reason: '文案太长' }])
    return []
  }
  const filter = await filterOf(deps.db, owner)
  const reason = filterReason(
    filter,
    copy,
    items.map((p) => ({ platform: p.platform, couponFen: p.coupon?.amountFen ?? 0, commissionFen: p.commissionFen })),
  )
  if (reason !== undefined) {
    await record(items.map((p) => ({ ownerContactId: owner, sourceId, platform: p.platform, itemId: p.itemId, outcome: 'filtered', reason })))
    return []
  }
  const { queued } = await fanOutCopy(deps, {
    ownerContactId: owner,
    conversion,
    targets,
    kind: 'relay',
    post: `${sourceId}\n${copy}`,
    pictureIds,
    dedupeSince: new Date(Date.now() - deps.relayDedupeWindowMs),
    // Each item per target group, relayed or duplicate, in the fan-out's transaction (转发报表 counts them).
    record: (trx, decision) =>
      logRelay(trx, [
        ...decision.pushed.flatMap((roomId) => items.map((p) => ({ ownerContactId: owner, sourceId, platform: p.platform, itemId: p.itemId, roomId, outcome: 'relayed' as const, slot: copyItemSlot(decision.slot, p) }))),
        ...decision.duplicates.flatMap((roomId) => items.map((p) => ({ ownerContactId: owner, sourceId, platform: p.platform, itemId: p.itemId, roomId, outcome: 'duplicate' as const }))),
      ]),
  })
  return queued.map((q) => ({ conversationId: q.roomId, dedupeKey: q.dedupeKey }))
}
