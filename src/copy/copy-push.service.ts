import type { ChatInput } from '../chat/chat-input.js'
import type { ConversionDeps } from '../conversions/conversion.service.js'
import { groupsOwnedBy } from '../groups/owner-report.repository.js'
import type { Platform } from '../links/parsed-link.js'
import { fanOutCopy, tooLongToFanOut, type FanOutDeps, type FannedOut } from './copy-fan-out.service.js'
import type { CopyProblem, CopyRewriteOutcome } from './copy-rewrite-outcome.js'
import { convertCopy } from './copy-rewrite.service.js'
import { ownerSender, picturesAtCopy, type PictureDeps } from '../pictures/picture.service.js'

export interface CopyPushDeps extends ConversionDeps, FanOutDeps, PictureDeps {}

/** What 推送 <copy> did, for the reply. */
export type CopyPushOutcome =
  | { readonly kind: 'not-owner' }
  | Exclude<CopyRewriteOutcome, { kind: 'rewritten' }>
  /** Rewritten with the owner's links, it would be longer than one chat message may be. */
  | { readonly kind: 'too-long-to-push' }
  /** Some part is not the owner's: nothing was queued. */
  | { readonly kind: 'refused'; readonly problems: readonly CopyProblem[]; readonly notConverted: number; readonly maxLinks: number }
  | {
      readonly kind: 'queued'
      readonly groupNames: readonly string[]
      readonly items: readonly { readonly platform: Platform; readonly title: string }[]
      /** Per group: what went on its outbox (a resend within the minute queues nothing new). */
      readonly queued: readonly FannedOut[]
    }

/**
 * 推送 <copy text>: the owner's copy rewritten once with their attribution
 * (purpose 'push': the group-owner share) and fanned out to every group they
 * own, each group with its own landing links. A copy with any part that
 * cannot be the owner's (a foreign URL, a failed conversion, links past the
 * limit) is not pushed at all: the owner gets the list and nothing is queued.
 */
export async function pushCopy(deps: CopyPushDeps, input: ChatInput, copy: string): Promise<CopyPushOutcome> {
  const groups = await groupsOwnedBy(deps.db, input.contactId)
  if (groups.length === 0) return { kind: 'not-owner' }
  const conversion = await convertCopy(deps, { ...input, copy, purpose: 'push' })
  if (conversion.kind !== 'converted') return conversion
  const { problems, notConverted, maxLinks } = conversion
  if (problems.length > 0 || notConverted > 0) return { kind: 'refused', problems, notConverted, maxLinks }
  if (tooLongToFanOut(conversion, deps.landing)) return { kind: 'too-long-to-push' }
  // The owner's pictures just before go before it in every group; those just after follow it (docs/relay.md, pictures).
  const pictures = await picturesAtCopy(deps, ownerSender(input.contactId))
  const { queued } = await fanOutCopy(deps, { ownerContactId: input.contactId, conversion, targets: groups, kind: 'copy', post: conversion.copy, pictureIds: pictures.pictureIds })
  await pictures.queued(queued.map((q) => ({ conversationId: q.roomId, dedupeKey: q.dedupeKey })))
  const items = new Map(conversion.converted.map((p) => [`${p.platform}:${p.itemId}`, { platform: p.platform, title: p.title }]))
  return { kind: 'queued', groupNames: groups.map((g) => g.topic), items: [...items.values()], queued }
}
