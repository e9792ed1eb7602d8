import type { Kysely } from 'kysely'
import type { ChatInput, LazyPicture, LoadedPicture } from '../chat/chat-input.js'
import { MAX_PICTURE_BYTES } from '../chat/chat-input.js'
import type { Database } from '../db/database.js'
import { groupsOwnedBy } from '../groups/owner-report.repository.js'
import { relayingOwners } from '../relay/relay.repository.js'
import { createLogger } from '../shared/log.js'
import { OncePer } from '../shared/once-per.js'
import { followsCopy, MAX_PICTURES_PER_COPY, picturesBeforeCopy } from './picture-window.js'
import { attachAfter, deletePicturesBefore, insertPicture, insertPost, latestPost, pictureById, waitingPictures, type PictureSender } from './picture.repository.js'
import type { PostTarget } from './picture.table.js'

export type { PictureSender } from './picture.repository.js'
export type { PostTarget } from './picture.table.js'

/**
 * Queues stored pictures that follow a copy already queued to a conversation:
 * sent after it (never before), dropped when it was dropped. `follows` is the
 * copy's outbox dedupe key there.
 */
export type QueuePictures = (
  messages: readonly { readonly conversationId: string; readonly pictureIds: readonly string[]; readonly dedupeKey: string; readonly follows: string }[],
) => Promise<void>

export interface PictureDeps {
  readonly db: Kysely<Database>
  /** PICTURE_WINDOW_SECONDS in ms; 0: pictures never go along. */
  readonly pictureWindowMs: number
  readonly queuePictures: QueuePictures
}

/**
 * How long a stored picture is kept: past the longest an outbox holds a push
 * (quiet hours, under a day) with room for a paused account resumed the next
 * day. A picture gone by the time its message is sent is skipped; the text goes.
 */
export const PICTURE_RETENTION_MS = 3 * 86_400_000
const PRUNE_EVERY_MS = 3_600_000

const log = createLogger('pictures')
const prunes = new OncePer(PRUNE_EVERY_MS)

/** The sender key of an owner's 推送 in direct chat. */
export const ownerSender = (ownerContactId: string): PictureSender => ({ conversationId: ownerContactId, talkerId: ownerContactId })

/** The pictures that go before one copy, and what to call once the copy is queued. */
export interface CopyPictures {
  /** Stored pictures to send before the copy's text in every target, in the order received (empty: none). */
  readonly pictureIds: readonly string[]
  /**
   * Call once the message proved a deal copy, with the targets it was queued to and their outbox dedupe keys (none
   * when it was filtered or a duplicate everywhere): it becomes the sender's latest copy, uses up the pictures
   * above, and a picture the sender sends next follows it to those targets.
   */
  queued(targets: readonly PostTarget[]): Promise<void>
}

/**
 * At a message that may be a copy, before queueing it: the relay calls it
 * with the source conversation and poster; 推送 <copy> with
 * `ownerSender(owner)`. Reads only; nothing changes until `queued`.
 */
export async function picturesAtCopy(deps: PictureDeps, sender: PictureSender, at: Date = new Date()): Promise<CopyPictures> {
  if (deps.pictureWindowMs <= 0) return { pictureIds: [], queued: async () => undefined }
  const previous = await latestPost(deps.db, sender)
  const waiting = await waitingPictures(deps.db, sender, new Date(at.getTime() - deps.pictureWindowMs))
  const chosen = picturesBeforeCopy(
    waiting.map((p) => ({ id: p.id, receivedAtMs: p.received_at.getTime() })),
    at.getTime(),
    previous?.posted_at.getTime(),
    deps.pictureWindowMs,
  )
  const pictureIds = chosen.map((p) => p.id)
  return {
    pictureIds,
    queued: async (targets) => void (await insertPost(deps.db, { ...sender, postedAt: at, pictureIds, targets })),
  }
}

/** What became of a picture message. */
export type PictureOutcome = 'ignored' | 'stored' | 'followed'

/**
 * A picture message: kept only when it may go along with a copy — said in a
 * relay source (not one that is itself a relay target), or sent in direct
 * chat by a group owner (for 推送) or a contact source. Kept, it follows the
 * sender's copy just before it when that copy had no pictures before it,
 * queued after the copy's text in each of its targets; otherwise it waits
 * for the sender's next copy.
 */
export async function takePicture(
  deps: PictureDeps,
  input: ChatInput & { readonly picture: LazyPicture },
  at: Date = new Date(),
  /** The group's relay switch when the caller has read its row already. */
  receivesRelays?: boolean,
): Promise<PictureOutcome> {
  if (deps.pictureWindowMs <= 0 || !(await mayGoAlong(deps.db, input, receivesRelays))) return 'ignored'
  const loaded = await input.picture.load()
  if (loaded === undefined || loaded.bytes.length > MAX_PICTURE_BYTES) return 'ignored'
  const sender = { conversationId: input.roomId ?? input.contactId, talkerId: input.contactId }
  await prune(deps.db, at)
  const id = await insertPicture(deps.db, { ...sender, receivedAt: at, name: loaded.name, mediaType: loaded.mediaType, bytes: loaded.bytes })
  const latest = await latestPost(deps.db, sender)
  const follows =
    latest !== undefined &&
    followsCopy(at.getTime(), { postedAtMs: latest.posted_at.getTime(), picturesBefore: latest.pictures_before, picturesAfter: latest.pictures_after }, deps.pictureWindowMs)
  if (!follows) return 'stored'
  const number = await attachAfter(deps.db, latest.id, id, MAX_PICTURES_PER_COPY)
  if (number === undefined) return 'stored'
  // One batch for all the copy's targets (a relay may have reached hundreds of groups). Numbered within the post: a
  // source that sends the same copy and picture again within the minute doubles nothing.
  await deps.queuePictures(
    latest.targets.map((target) => ({ conversationId: target.conversationId, pictureIds: [id], dedupeKey: `${target.dedupeKey}_pic${number}`, follows: target.dedupeKey })),
  )
  return 'followed'
}

/** A stored picture's content, for the bot process to send; undefined once pruned. */
export async function loadPicture(db: Kysely<Database>, id: string): Promise<LoadedPicture | undefined> {
  const row = await pictureById(db, id)
  return row && { name: row.name, mediaType: row.media_type, bytes: row.bytes }
}

async function mayGoAlong(db: Kysely<Database>, input: ChatInput, receivesRelays: boolean | undefined): Promise<boolean> {
  if ((await relayingOwners(db, input, receivesRelays)).length > 0) return true
  return input.roomId === undefined && (await groupsOwnedBy(db, input.contactId)).length > 0
}

/** Forgets pictures (and posts) older than `PICTURE_RETENTION_MS` at `at`; resolves to how many pictures went. */
export async function forgetOldPictures(db: Kysely<Database>, at: Date): Promise<number> {
  return deletePicturesBefore(db, new Date(at.getTime() - PICTURE_RETENTION_MS))
}

// No periodic job touches the bot's tables, so the first kept picture of each hour prunes (one indexed delete);
// a failed prune is logged and tried again an hour later, the picture is kept anyway.
async function prune(db: Kysely<Database>, at: Date): Promise<void> {
  if (!prunes.allow('pictures')) return
  try {
    const deleted = await forgetOldPictures(db, at)
    if (deleted > 0) log.info('old pictures forgotten', { deleted })
  } catch (error) {
    log.warn('could not forget old pictures', { error })
  }
}
